namespace MetaOpt.FaultInjection.Tests;

/// <summary>One way a storage file can be broken or odd, and how it is laid out in a test's directory as s.db.</summary>
internal sealed record DamagedFile(string Name, Func<byte[], byte[]?> Make)
{
    /// <summary>The corpus of file contents; null contents means s.db is a directory.</summary>
    public static IReadOnlyList<DamagedFile> Corpus { get; } =
    [
        new("empty", _ => []),
        new("text", _ => System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("this is a shopping list, not a database\n", 200)))),
        new("random-bytes", _ => RandomBytes(64 * 1024)),
        new("truncated-to-100-bytes", bytes => bytes[..100]),
        new("truncated-to-one-page", bytes => bytes[..8192]),
        new("truncated-to-half", bytes => bytes[..(bytes.Length / 2)]),
        new("truncated-by-1000-bytes", bytes => bytes[..^1000]),
        new("flipped-in-the-header-text", bytes => Flip(bytes, 40)),
        new("flipped-in-the-header-page-type", bytes => Flip(bytes, 4)),
        new("flipped-in-page-1-type", bytes => Flip(bytes, 8192 + 4)),
        new("flipped-in-page-2-body", bytes => Flip(bytes, 2 * 8192 + 200)),
        new("flipped-in-the-middle", bytes => Flip(bytes, bytes.Length / 2 + 123)),
        new("flipped-in-the-last-page", bytes => Flip(bytes, bytes.Length - 8192 + 64)),
        new("directory", _ => null),
    ];

    public override string ToString() => Name;

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(20261130).NextBytes(bytes);
        return bytes;
    }

    private static byte[] Flip(byte[] bytes, int offset)
    {
        var copy = (byte[])bytes.Clone();
        copy[offset] ^= 0xFF;
        return copy;
    }
}
