// Setup file of the `reliability-no-secret-service` project. Keeps this machine's real D-Bus address
// for child processes that play "an earlier run, when the keychain was there", then points this
// process at a socket that does not exist: the keychain code here meets a machine whose Secret Service
// has gone, exactly as after a desktop change or on a headless session.
process.env.TWOFOLD_TEST_REAL_DBUS_SESSION_BUS_ADDRESS = process.env.DBUS_SESSION_BUS_ADDRESS ?? ''
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/twofold-reliability-no-session-bus'
