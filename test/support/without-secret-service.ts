// Setup file of the `no-keychain` Vitest project. Assigning process.env changes the real environment
// the native keychain binding reads, pointing D-Bus at a socket that does not exist: the keychain code
// then meets a machine with no Secret Service, exactly as on a headless Linux box.
process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/twofold-no-session-bus'
