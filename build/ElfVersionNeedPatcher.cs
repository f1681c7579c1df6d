// Compiled by MSBuild's RoslynCodeTaskFactory from TorchSharp.Debian.targets; not part of any project.
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Marks one symbol-version requirement of ELF64 shared libraries as weak (VER_FLG_WEAK), so that the dynamic
/// loader only warns instead of refusing the library when the system does not provide that version.
/// TorchSharp 0.107.0's libLibTorchSharp.so was linked against GCC 13 and requires GLIBCXX_3.4.32 for
/// std::ios_base_library_init(), a link-time marker that is never called; Debian 12's libstdc++ stops at
/// 3.4.30. Idempotent; files that are not little-endian ELF64 or lack the requirement are left alone.
/// </summary>
public sealed class PatchElfVersionNeed : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>The ELF files to patch in place (copies in build or publish output, never package caches).</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version name to make weak, e.g. GLIBCXX_3.4.32.</summary>
    [Required]
    public string VersionName { get; set; } = "";

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                var outcome = Patch(path, VersionName);
                Log.LogMessage(MessageImportance.Normal, "{0}: {1} {2}", path, outcome, VersionName);
            }
            catch (IOException e)
            {
                Log.LogError("Could not patch {0} to make {1} weak: {2}", path, VersionName, e.Message);
            }
        }
        return !Log.HasLoggedErrors;
    }

    private static string Patch(string path, string versionName)
    {
        var image = File.ReadAllBytes(path);
        bool isElf64LittleEndian = image.Length >= 64 && image[0] == 0x7f && image[1] == (byte)'E'
            && image[2] == (byte)'L' && image[3] == (byte)'F' && image[4] == 2 && image[5] == 1;
        if (!isElf64LittleEndian) return "not a little-endian ELF64 file, left unchanged:";

        var sectionTable = checked((int)ReadUInt64(image, 0x28));
        int sectionSize = ReadUInt16(image, 0x3A), sectionCount = ReadUInt16(image, 0x3C);
        for (int s = 0; s < sectionCount; s++)
        {
            int header = sectionTable + s * sectionSize;
            if (ReadUInt32(image, header + 4) != ShtGnuVerneed) continue;
            int needOffset = checked((int)ReadUInt64(image, header + 24));
            int needCount = (int)ReadUInt32(image, header + 44);
            int stringsHeader = sectionTable + (int)ReadUInt32(image, header + 40) * sectionSize;
            int strings = checked((int)ReadUInt64(image, stringsHeader + 24));
            for (int n = 0; n < needCount; n++)
            {
                int auxOffset = needOffset + (int)ReadUInt32(image, needOffset + 8);
                for (int a = 0; a < ReadUInt16(image, needOffset + 2); a++)
                {
                    if (ReadCString(image, strings + (int)ReadUInt32(image, auxOffset + 8)) == versionName)
                    {
                        var flags = ReadUInt16(image, auxOffset + 4);
                        if ((flags & VerFlagWeak) != 0) return "already weak:";
                        WriteUInt16(path, auxOffset + 4, (ushort)(flags | VerFlagWeak));
                        return "made weak:";
                    }
                    auxOffset += (int)ReadUInt32(image, auxOffset + 12);
                }
                needOffset += (int)ReadUInt32(image, needOffset + 12);
            }
        }
        return "no requirement on";
    }

    // Rewrites two bytes instead of the whole file, so that a concurrent reader never sees a truncated library.
    private static void WriteUInt16(string path, int offset, ushort value)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        stream.Position = offset;
        stream.Write(new[] { (byte)value, (byte)(value >> 8) }, 0, 2);
    }

    private static ushort ReadUInt16(byte[] b, int o) => (ushort)(b[o] | b[o + 1] << 8);

    private static uint ReadUInt32(byte[] b, int o) => (uint)(b[o] | b[o + 1] << 8 | b[o + 2] << 16 | b[o + 3] << 24);

    private static ulong ReadUInt64(byte[] b, int o) => ReadUInt32(b, o) | (ulong)ReadUInt32(b, o + 4) << 32;

    private static string ReadCString(byte[] b, int o)
    {
        int end = Array.IndexOf(b, (byte)0, o);
        return Encoding.ASCII.GetString(b, o, (end < 0 ? b.Length : end) - o);
    }
}
