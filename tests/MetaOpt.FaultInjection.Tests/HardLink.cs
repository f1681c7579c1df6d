using System.Runtime.InteropServices;

namespace MetaOpt.FaultInjection.Tests;

/// <summary>Hard links, which .NET has no call for: a second name for the same inode, the way past a lock kept beside a file.</summary>
internal static class HardLink
{
    public static void Create(string link, string target)
    {
        if (LinkFile(target, link) != 0)
            throw new IOException($"link({target}, {link}) failed with errno {Marshal.GetLastPInvokeError()}");
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int LinkFile([MarshalAs(UnmanagedType.LPUTF8Str)] string target, [MarshalAs(UnmanagedType.LPUTF8Str)] string link);
}
