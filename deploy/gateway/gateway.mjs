// GridBot's local token gateway.
//
// GridBot's Python puppet-service client speaks gRPC without TLS and sends its token as is,
// while WeChat providers (puppet services since v1, or puppet modules run in-process) want
// TLS and typed tokens. This process sits between them on the same host:
//
//   gridbot run ──plain gRPC, GRIDBOT_WECHATY_TOKEN──▶ gateway (127.0.0.1:8788)
//                                                      └─▶ the provider puppet (its own token)
//
// Environment:
//   GATEWAY_TOKEN      the token the bot presents (its GRIDBOT_WECHATY_TOKEN); required; a
//                      long random string, e.g. insecure_gridbot_<random>
//   GATEWAY_ENDPOINT   where the bot connects, default 127.0.0.1:8788; only a loopback
//                      address unless GATEWAY_ALLOW_REMOTE=1 (the link has no TLS)
//   WECHATY_PUPPET     the provider's npm module, default wechaty-puppet-service (a puppet
//                      service reached over the network, configured by its own variables:
//                      WECHATY_PUPPET_SERVICE_TOKEN, and WECHATY_PUPPET_SERVICE_ENDPOINT /
//                      WECHATY_PUPPET_SERVICE_NO_TLS_INSECURE_CLIENT for a self-hosted one).
//                      Another module must be installed here (npm install MODULE@VERSION)
//                      and reads its own variables (its README says which).
//
// It prints one line "gateway ready on ENDPOINT" once it serves, and exits on SIGINT/SIGTERM.
import { PuppetServer } from 'wechaty-puppet-service'

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

function fail (message) {
  console.error(`gateway: ${message}`)
  process.exit(2)
}

const token = (process.env.GATEWAY_TOKEN ?? '').trim()
if (!token) fail('GATEWAY_TOKEN is not set: the token GridBot presents (GRIDBOT_WECHATY_TOKEN)')
const endpoint = (process.env.GATEWAY_ENDPOINT ?? '127.0.0.1:8788').trim()
const host = endpoint.slice(0, endpoint.lastIndexOf(':'))
if (!LOOPBACK.has(host) && process.env.GATEWAY_ALLOW_REMOTE !== '1') {
  fail(`GATEWAY_ENDPOINT ${endpoint} is not a loopback address: the bot's link has no TLS ` +
       '(set GATEWAY_ALLOW_REMOTE=1 only on a private network you trust)')
}
const providerName = (process.env.WECHATY_PUPPET ?? 'wechaty-puppet-service').trim()

let Provider
try {
  Provider = (await import(providerName)).default
} catch (error) {
  fail(`cannot load the provider module ${providerName}: ${error.message} ` +
       `(install it here: npm install ${providerName}@VERSION)`)
}
if (typeof Provider !== 'function') fail(`${providerName} has no default puppet class`)

let puppet
try {
  puppet = new Provider()  // it reads its own variables (its token among them)
} catch (error) {
  fail(`the provider ${providerName} cannot start: ${error.message}`)
}
const server = new PuppetServer({ endpoint, puppet, token, tls: { disable: true } })
try {
  await server.start()
} catch (error) {
  fail(`cannot serve on ${endpoint}: ${error.message}`)
}
console.log(`gateway ready on ${endpoint} over ${providerName}`)

async function shutdown () {
  await server.stop()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
