// The attacks use POSIX signals, setpriv, chmod and tmpfs: the suite is for Linux, as CI is.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
