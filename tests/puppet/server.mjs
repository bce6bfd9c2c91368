// A real Wechaty puppet service over a mock WeChat, driven by GridBot's tests.
//
// Usage: node server.mjs <token> [world.json]
// Control channel: one JSON command per line on stdin, e.g.
//   {"id": 1, "cmd": "say", "from": "wxid_t1", "room": "r1@chatroom", "text": "...", "mentions": []}
// Every line this process writes for the tests starts with MARK, so that log lines
// from the wechaty libraries on stdout can never be mistaken for protocol lines:
//   replies  {"id": 1, "ok": true, ...} or {"id": 1, "ok": false, "error": "..."}
//   events   {"event": "ready"|"sent"|"started"|"stopped", ...}
// The world (world.json) has contacts, rooms and each room's group nicknames (aliases);
// `reset_world` puts it back as it was at start, between tests.
import fs from 'node:fs'
import net from 'node:net'
import readline from 'node:readline'

// file-box: the version wechaty-puppet pins (package-lock.json), the boxes services send.
import { FileBox } from 'file-box'
import * as PUPPET from 'wechaty-puppet'
import { PuppetMock, mock } from 'wechaty-puppet-mock'
import { PuppetServer } from 'wechaty-puppet-service'

const MARK = '@@gridbot '

const DEFAULT_WORLD = {
  bot: { id: 'wxid_gridbot', name: '网格助手' },
  contacts: [
    { id: 'wxid_landlord_zhang', name: '张房东' },
    { id: 'wxid_tenant_li', name: '李租客' },
    { id: 'wxid_tenant_wang', name: '王租客' },
    { id: 'wxid_tenant_chen', name: '陈租客' },
  ],
  rooms: [
    {
      id: 'landlord-10@chatroom',
      topic: '10幢房东网格群',
      members: ['wxid_gridbot', 'wxid_landlord_zhang', 'wxid_tenant_li', 'wxid_tenant_wang'],
    },
  ],
}

function emit (obj) {
  process.stdout.write(MARK + JSON.stringify(obj) + '\n')
}

function freePort () {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

// The stock mock drops the mention ids of a send and returns no message id; this one
// records every send for the tests and echoes it back as WeChat does (talker = bot).
class RecordingPuppetMock extends PuppetMock {
  // The stock mock has no group nicknames: a member's room alias comes from the world.
  async roomMemberRawPayload (roomId, contactId) {
    const payload = await super.roomMemberRawPayload(roomId, contactId)
    return { ...payload, roomAlias: aliases.get(roomId)?.get(contactId) ?? '' }
  }

  // The stock mock answers every image with a QR code and keeps no files of messages: an
  // image or file a test sends is kept here by message id, as the tests gave its bytes.
  // (The service turns a box over 20 KB into a UUID box fetched by `Download`, as with
  // real providers' photos; a smaller one goes inline as base64.)
  async messageImage (messageId, imageType) {
    const box = attachments.get(messageId)
    if (!box) return super.messageImage(messageId, imageType)
    return box
  }

  async messageFile (messageId) {
    const box = attachments.get(messageId)
    if (!box) return super.messageFile(messageId)
    return box
  }

  async messageSendText (conversationId, text, mentionIdList = []) {
    if (!this.isLoggedIn) {
      throw new Error('not logged in')
    }
    const isRoom = this.mocker.cacheRoomPayload.has(conversationId)
    emit({
      event: 'sent',
      room_id: isRoom ? conversationId : null,
      to_id: isRoom ? null : conversationId,
      text,
      mention_ids: mentionIdList,
    })
    const payload = {
      id: `sent-${++sentCount}`,
      talkerId: this.currentUserId,
      timestamp: Date.now(),
      type: 7, // PUPPET.types.Message.Text
      text,
      ...(isRoom
        ? { roomId: conversationId, mentionIdList }
        : { listenerId: conversationId }),
    }
    this.mocker.MessageMock.create(payload)
    this.emit('message', { messageId: payload.id })
    return payload.id
  }
}

let sentCount = 0
let saidCount = 0
// message id -> the FileBox of an image or file message a test sent
const attachments = new Map()

const token = process.argv[2]
if (!token) {
  console.error('usage: node server.mjs <token> [world.json]')
  process.exit(2)
}
const world = process.argv[3]
  ? JSON.parse(fs.readFileSync(process.argv[3], 'utf8'))
  : DEFAULT_WORLD

const mocker = new mock.Mocker()
const bot = mocker.createContact({ id: world.bot.id, name: world.bot.name })
// room id -> (contact id -> group nickname)
const aliases = new Map()

// Contacts, rooms and nicknames as world.json has them; again, it undoes what tests changed.
function createWorld (again) {
  for (const c of world.contacts) {
    if (again) mocker.contactPayload(c.id, { ...mocker.contactPayload(c.id), name: c.name })
    else mocker.createContact({ id: c.id, name: c.name })
  }
  aliases.clear()
  for (const r of world.rooms) {
    const room = { id: r.id, topic: r.topic, memberIdList: [...r.members], ownerId: r.members[0] }
    if (again) mocker.roomPayload(r.id, { ...mocker.roomPayload(r.id), ...room })
    else mocker.createRoom(room)
    aliases.set(r.id, new Map(Object.entries(r.aliases ?? {})))
  }
}
createWorld(false)

// "auto": the account logs in at once; "scan": the service asks for a QR code scan (again
// every 200 ms, as real services refresh their codes) until `confirm_scan`.
let loginMode = 'auto'
let loginQrcode = ''

// The Python client stops and starts the puppet on every connect: log in on each start.
mocker.use(m => {
  if (loginMode === 'auto') {
    m.login(bot)
    return () => {}
  }
  const ask = () => {
    if (!puppet.isLoggedIn) m.scan(loginQrcode, PUPPET.types.ScanStatus.Waiting)
  }
  const timer = setInterval(ask, 200)
  ask()
  return () => clearInterval(timer)
})

const puppet = new RecordingPuppetMock({ mocker })
const port = await freePort()
const endpoint = `127.0.0.1:${port}`
let server = null

async function startServer () {
  if (server) return
  server = new PuppetServer({ endpoint, puppet, token, tls: { disable: true } })
  await server.start()
  emit({ event: 'started', endpoint })
}

async function stopServer () {
  if (!server) return
  const running = server
  server = null
  await running.stop()
  emit({ event: 'stopped', endpoint })
}

function contact (id) {
  return mocker.ContactMock.load(id)
}

// where: {roomId, mentionIdList} for a group message, {listenerId} for a direct one.
function say (talker, text, where, type = PUPPET.types.Message.Text) {
  const payload = {
    id: `said-${++saidCount}`,
    talkerId: talker.id,
    timestamp: Date.now(),
    type,
    text,
    ...where,
  }
  mocker.MessageMock.create(payload)
  puppet.emit('message', { messageId: payload.id })
  return payload.id
}

const commands = {
  say: c => ({
    message_id: say(contact(c.from), c.text, { roomId: c.room, mentionIdList: c.mentions ?? [] }),
  }),
  say_to_bot: c => ({
    message_id: say(contact(c.from), c.text, { listenerId: puppet.currentUserId }),
  }),
  // An image (kind "image") or another file ("file") in a group (room) or to the bot; its
  // bytes come as base64 and are what the service hands out for the message.
  send_file: c => {
    const type = c.kind === 'image' ? PUPPET.types.Message.Image : PUPPET.types.Message.Attachment
    const where = c.room
      ? { roomId: c.room, mentionIdList: [] }
      : { listenerId: puppet.currentUserId }
    const id = `said-${saidCount + 1}`
    attachments.set(id, FileBox.fromBase64(c.base64, c.filename))
    return { message_id: say(contact(c.from), '', where, type) }
  },
  join: c => {
    const room = mocker.RoomMock.load(c.room)
    room.add(...c.members.map(contact)).by(contact(c.inviter))
    return {}
  },
  // A group the tests add at run time (e.g. one the directory does not know).
  create_room: c => {
    mocker.createRoom({ id: c.room, topic: c.topic, memberIdList: [...c.members], ownerId: c.members[0] })
    return {}
  },
  create_contact: c => {
    mocker.createContact({ id: c.contact, name: c.nickname })
    return {}
  },
  // A member changes their group nickname: WeChat services tell clients with a `dirty`
  // event for the room's members (payload type 4, RoomMember).
  set_room_alias: c => {
    if (!aliases.has(c.room)) aliases.set(c.room, new Map())
    aliases.get(c.room).set(c.contact, c.alias)
    puppet.dirtyPayload(PUPPET.types.Dirty.RoomMember, c.room)
    return {}
  },
  reset_world: () => {
    createWorld(true)
    attachments.clear()
    puppet.cache.clear()
    loginMode = 'auto'
    return {}
  },
  login_mode: c => {
    if (!['auto', 'scan'].includes(c.mode)) throw new Error(`unknown login mode ${c.mode}`)
    loginMode = c.mode
    loginQrcode = c.qrcode ?? ''
    return {}
  },
  // The operator scans the code and confirms on the phone: the account logs in.
  confirm_scan: () => {
    mocker.scan('', PUPPET.types.ScanStatus.Scanned)
    mocker.scan('', PUPPET.types.ScanStatus.Confirmed)
    mocker.login(bot)
    return {}
  },
  stop: async () => { await stopServer(); return {} },
  start: async () => { await startServer(); return {} },
  ping: () => ({ logged_in: puppet.isLoggedIn }),
}

const lines = readline.createInterface({ input: process.stdin })
lines.on('line', async line => {
  let cmd
  try {
    cmd = JSON.parse(line)
    const handler = commands[cmd.cmd]
    if (!handler) throw new Error(`unknown command ${cmd.cmd}`)
    emit({ id: cmd.id, ok: true, ...(await handler(cmd)) })
  } catch (e) {
    emit({ id: cmd?.id ?? null, ok: false, error: String(e?.message ?? e) })
  }
})
// The tests own this process: when they go away (stdin closes), so does the service.
lines.on('close', async () => {
  await stopServer()
  process.exit(0)
})

await startServer()
emit({ event: 'ready', endpoint, token, bot_id: bot.id })
