"""GridBot (房东网格助手): the runtime package."""
