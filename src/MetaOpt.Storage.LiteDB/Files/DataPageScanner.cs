using System.Buffers.Binary;
using LiteDB;

namespace MetaOpt.Storages.Files;

/// <summary>
/// Reads every document straight from the data pages of a LiteDB 5 file, without its header, collection or index
/// pages: what <see cref="LiteDbStorage.Recover"/> copies from a damaged file.
/// </summary>
/// <remarks>
/// LiteDB's own way out (<c>Rebuild</c>, which reads through its collection and index pages) was tried on LiteDB
/// 5.0.20 and recovers no document at all from a file cut to half its size, since the pages it starts from are
/// gone; documents themselves sit in self-describing data pages, so this reader walks those. Layout (file format 8):
/// 8 KiB pages; page header bytes 0-3 page id, 4 page type (4 = data), 30 highest slot index; slot i is 4 bytes at
/// the end of the page (length, then position), slot 0 last; a data block is 1 byte "continuation", a 5-byte address of the next block
/// (page id, slot; all 0xFF when none), then its part of the BSON document.
/// </remarks>
internal static class DataPageScanner
{
    private const int PageSize = LiteDbFileFormat.PageSize;
    private const int HeaderSize = 32;
    private const int SlotSize = 4;
    private const int BlockHeaderSize = 6;
    private const byte DataPage = 4;
    private const int HighestIndexOffset = 30;

    /// <summary>The documents that decode as BSON; what could not be read is described in <paramref name="problems"/>.</summary>
    public static List<BsonDocument> ReadDocuments(string path, List<string> problems)
    {
        byte[] file;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            file = new byte[stream.Length];
            stream.ReadExactly(file);
        }
        if (LiteDbFileFormat.WhyCutShort(file.Length) is { } cut)
            problems.Add(cut);
        var documents = new List<BsonDocument>();
        var pages = file.Length / PageSize;
        for (var page = 1; page < pages; page++)
        {
            var header = file.AsSpan(page * PageSize, HeaderSize);
            if (header[4] != DataPage)
                continue;
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != page)
            {
                problems.Add($"data page {page} carries the id of another page");
                continue;
            }
            for (var slot = 0; slot <= header[HighestIndexOffset]; slot++)
            {
                if (Block(file, page, slot) is not { } block || block.Continuation)
                    continue;
                if (Document(file, page, slot, block, pages) is { } document)
                    documents.Add(document);
                else
                    problems.Add($"the document in page {page}, slot {slot} cannot be read");
            }
        }
        return documents;
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
        var start = page * PageSize;
        var footer = start + PageSize - (slot + 1) * SlotSize;
        var length = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(footer));
        var position = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(footer + 2));
        if (position == 0 || length < BlockHeaderSize || position < HeaderSize || position + length > footer - start)
            return null;
        var block = file.AsMemory(start + position, length);
        var nextPage = BinaryPrimitives.ReadUInt32LittleEndian(block.Span[1..]);
        var nextSlot = block.Span[5];
        return new DataBlock(
            block.Span[0] != 0,
            nextPage == uint.MaxValue ? null : (nextPage, nextSlot),
            block[BlockHeaderSize..]);
    }

    private readonly record struct DataBlock(bool Continuation, (uint Page, byte Slot)? Next, ReadOnlyMemory<byte> Data);
}
