config = {
    "name": "tfb",
    "env": "production",
    "debug": False,
    "key": "base64:dGVjaGVtcG93ZXItYmVuY2htYXJrLWtleS0xMjM0NTY=",
}
