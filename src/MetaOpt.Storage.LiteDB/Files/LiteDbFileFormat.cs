namespace MetaOpt.Storages.Files;

/// <summary>Recognises a LiteDB 5 data file by its header before LiteDB opens it.</summary>
/// <remarks>
/// LiteDB 5 given a file that is not one of its databases does not refuse it: it overwrites it with a fresh
/// database. So the header is checked here first, and only an absent or empty file may become a new storage.
/// </remarks>
internal static class LiteDbFileFormat
{
    /// <summary>The size of a LiteDB 5 page, the unit it reads and writes its file in.</summary>
    public const int PageSize = 8192;
    private const int HeaderInfoOffset = 32;
    private const byte FormatVersion = 8;
    private static readonly byte[] HeaderInfo = "** This is a LiteDB file **"u8.ToArray();

    /// <summary>Why the file cannot be a LiteDB 5 database, or null when it is one, or is absent or empty.</summary>
    public static string? WhyNotLiteDb(string path)
    {
        if (!File.Exists(path))
            return null;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length == 0)
            return null;
        if (stream.Length < PageSize)
            return $"it is {stream.Length} bytes long, shorter than one LiteDB page ({PageSize} bytes)";
        var header = new byte[HeaderInfoOffset + HeaderInfo.Length + 1];
        stream.ReadExactly(header);
        if (!header.AsSpan(HeaderInfoOffset, HeaderInfo.Length).SequenceEqual(HeaderInfo))
            return "it does not start with a LiteDB header (an encrypted LiteDB file also looks like this)";
        var version = header[^1];
        return version == FormatVersion
            ? null
            : $"it is a LiteDB file of format version {version}, and MetaOpt reads LiteDB 5 files (format {FormatVersion})";
    }

    /// <summary>
    /// Why a LiteDB file's length shows it was cut short (LiteDB writes whole pages), or null when it is whole pages.
    /// Checked before LiteDB opens it, which on such a file fails with a message about its stream instead.
    /// </summary>
    public static string? WhyCutShort(long length) =>
        length % PageSize == 0
            ? null
            : $"it is {length} bytes long, not a whole number of {PageSize}-byte pages: the file was cut short";
}
