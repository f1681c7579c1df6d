using System.Buffers.Binary;
using LiteDB;

namespace MetaOpt.Storages.Files;

/// <summary>
/// Reads every document straight from the data pages of a LiteDB 5 file, without its header or collection pages,
/// and the string keys of its index pages: what <see cref="LiteDbStorage.Recover"/> copies from a damaged file, and
/// what it counts as lost.
/// </summary>
/// <remarks>
/// LiteDB's own way out (<c>Rebuild</c>, which reads through its collection and index pages) was tried on LiteDB
/// 5.0.20 and recovers no document at all from a file cut to half its size, since the pages it starts from are
/// gone; documents themselves sit in self-describing data pages, so this reader walks those. Layout (file format 8):
/// 8 KiB pages; page header bytes 0-3 page id, 4 page type (3 = index, 4 = data), 19-22 the collection's page id, 30 highest slot index; slot i is 4 bytes at
/// the end of the page (length, then position), slot 0 last; the header page lists the collections as a BSON
/// document at byte 192 and its last page id at byte 64; a data block is 1 byte "continuation", a 5-byte address of the next block
/// (page id, slot; all 0xFF when none), then its part of the BSON document.
/// </remarks>
internal static class DataPageScanner
{
    private const int PageSize = LiteDbFileFormat.PageSize;
    private const int HeaderSize = 32;
    private const int SlotSize = 4;
    private const int BlockHeaderSize = 6;
    private const byte IndexPage = 3;
    private const byte DataPage = 4;
    private const int CollectionOffset = 19;
    private const int CollectionsOffset = 192;
    private const int LastPageIdOffset = 64;
    private const int HighestIndexOffset = 30;

    /// <summary>The documents that decode as BSON; what could not be read is described in <paramref name="problems"/>.</summary>
    public static List<BsonDocument> ReadDocuments(string path, List<string> problems) =>
        Scan(path, problems).Documents.Select(d => d.Document).ToList();

    /// <summary>
    /// The documents that decode as BSON, each with the collection (its collection page id) whose data page held it,
    /// and, per collection, how many nodes of its surviving index pages carry each string key: what a recovery
    /// counts lost documents by where their data pages are gone (a trial is listed under its study's name).
    /// </summary>
    public static ScannedFile Scan(string path, List<string> problems)
    {
        byte[] file;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            file = new byte[stream.Length];
            stream.ReadExactly(file);
        }
        var pages = file.Length / PageSize;
        var scanned = new ScannedFile([], [], Collections(file)) { PagesMissing = PagesMissing(file, pages) };
        if (LiteDbFileFormat.WhyCutShort(file.Length) is { } cut)
            problems.Add(cut);
        else if (scanned.PagesMissing > 0)
            problems.Add($"the file ends {scanned.PagesMissing} pages short of the {pages + scanned.PagesMissing} its header counts: what they held is gone without a trace");
        for (var page = 1; page < pages; page++)
        {
            var header = file.AsSpan(page * PageSize, HeaderSize);
            if (header[4] is not (DataPage or IndexPage))
                continue;
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != page)
            {
                problems.Add($"{(header[4] == DataPage ? "data" : "index")} page {page} carries the id of another page");
                continue;
            }
            var collection = BinaryPrimitives.ReadUInt32LittleEndian(header[CollectionOffset..]);
            for (var slot = 0; slot <= header[HighestIndexOffset]; slot++)
            {
                if (header[4] == IndexPage)
                {
                    if (StringKey(file, page, slot) is { } key)
                        scanned.Count(collection, key);
                    continue;
                }
                if (Block(file, page, slot) is not { } block || block.Continuation)
                    continue;
                if (Document(file, page, slot, block, pages) is { } document)
                    scanned.Documents.Add((document, collection));
                else
                    problems.Add($"the document in page {page}, slot {slot} cannot be read");
            }
        }
        return scanned;
    }

    /// <summary>How many pages past the end of the file the header's last page id counts (0 when none, or the header is unreadable).</summary>
    private static int PagesMissing(byte[] file, int pages)
    {
        if (file.Length < LastPageIdOffset + 4)
            return 0;
        var last = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(LastPageIdOffset));
        // A damaged header may hold any number: only a plausible one (at most a million pages past the end) counts.
        return last >= pages && last - pages < 1_000_000 ? (int)(last - pages + 1) : 0;
    }

    /// <summary>The header page's list of collections (name, collection page id), or none where it cannot be read.</summary>
    private static Dictionary<string, uint> Collections(byte[] file)
    {
        try
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(file.AsSpan(CollectionsOffset));
            return BsonSerializer.Deserialize(file.AsSpan(CollectionsOffset, length).ToArray())
                .ToDictionary(kv => kv.Key, kv => (uint)kv.Value.AsInt32, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return [];
        }
    }

    /// <summary>
    /// The string key of an index node, or null (another type, an empty slot, a damaged node). A node is a slot
    /// byte, its level count, two 5-byte addresses, 10 bytes per level, then the key: a type byte (its top 3 bits
    /// extend the length), a length byte and the UTF-8 bytes for a string.
    /// </summary>
    private static string? StringKey(byte[] file, int page, int slot)
    {
        if (Slot(file, page, slot) is not { Length: >= 12 } node)
            return null;
        var key = 12 + node.Span[1] * 10;
        if (key + 2 > node.Length || (node.Span[key] & 0x1F) != (byte)BsonType.String)
            return null;
        var length = ((node.Span[key] & 0xE0) << 3) | node.Span[key + 1];
        if (key + 2 + length > node.Length)
            return null;
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(node.Span.Slice(key + 2, length));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The bytes of a page's slot (data block or index node), or null when the slot is empty or points outside the page.</summary>
    private static ReadOnlyMemory<byte>? Slot(byte[] file, int page, int slot)
    {
        var start = page * PageSize;
        var footer = start + PageSize - (slot + 1) * SlotSize;
        var length = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(footer));
        var position = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(footer + 2));
        return position == 0 || position < HeaderSize || position + length > footer - start ? null : file.AsMemory(start + position, length);
    }

    private static BsonDocument? Document(byte[] file, int page, int slot, DataBlock first, int pages)
    {
        var bytes = new List<byte>(first.Data.ToArray());
        var next = first.Next;
        // Each page holds at most 256 slots, so a longer chain is a loop of damaged addresses.
        for (var hops = 0; next is { } address && hops < pages * 256; hops++)
        {
            if (address.Page >= pages || file[address.Page * PageSize + 4] != DataPage
                || Block(file, (int)address.Page, address.Slot) is not { Continuation: true } block)
                return null;
            bytes.AddRange(block.Data.ToArray());
            next = block.Next;
        }
        if (next is not null || bytes.Count < 5)
            return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(bytes.ToArray());
        if (length < 5 || length > bytes.Count)
            return null;
        try
        {
            return BsonSerializer.Deserialize(bytes.GetRange(0, length).ToArray());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null;
        }
    }

    private static DataBlock? Block(byte[] file, int page, int slot)
    {
        if (Slot(file, page, slot) is not { Length: >= BlockHeaderSize } block)
            return null;
        var nextPage = BinaryPrimitives.ReadUInt32LittleEndian(block.Span[1..]);
        var nextSlot = block.Span[5];
        return new DataBlock(
            block.Span[0] != 0,
            nextPage == uint.MaxValue ? null : (nextPage, nextSlot),
            block[BlockHeaderSize..]);
    }

    /// <summary>What <see cref="Scan"/> found.</summary>
    /// <param name="Documents">Each readable document with its collection.</param>
    /// <param name="IndexedKeys">Per collection, the index nodes found per string key.</param>
    /// <param name="Collections">The header page's collections by name, when it can be read.</param>
    public sealed record ScannedFile(
        List<(BsonDocument Document, uint Collection)> Documents,
        Dictionary<uint, Dictionary<string, int>> IndexedKeys,
        Dictionary<string, uint> Collections)
    {
        /// <summary>Pages the header counts that the file no longer has (it was cut short).</summary>
        public int PagesMissing { get; init; }

        public void Count(uint collection, string key)
        {
            var keys = IndexedKeys.TryGetValue(collection, out var found) ? found : IndexedKeys[collection] = new Dictionary<string, int>(StringComparer.Ordinal);
            keys[key] = keys.GetValueOrDefault(key) + 1;
        }

        /// <summary>The index nodes per string key of <paramref name="collections"/>, added up.</summary>
        public Dictionary<string, int> KeysOf(IEnumerable<uint> collections) =>
            collections.Distinct().SelectMany(c => IndexedKeys.GetValueOrDefault(c) ?? [])
                .GroupBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(kv => kv.Value), StringComparer.Ordinal);
    }

    private readonly record struct DataBlock(bool Continuation, (uint Page, byte Slot)? Next, ReadOnlyMemory<byte> Data);
}
