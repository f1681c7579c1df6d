using System.IO.Hashing;
using LiteDB;

namespace MetaOpt.Storages.Documents;

/// <summary>
/// A CRC-32 stored in each study and trial document, over the document's other fields, so that bytes changed inside
/// a document (which LiteDB, keeping no page checksums, reads back as believable values) are found.
/// </summary>
/// <remarks>
/// The field is added last and ignored by readers that do not know it; documents written before it existed carry
/// none and are not checked.
/// </remarks>
internal static class DocumentChecksum
{
    private const string Field = "crc";

    /// <summary>The document with its checksum added.</summary>
    public static BsonDocument Sealed(BsonDocument document)
    {
        document[Field] = (long)Compute(document);
        return document;
    }

    /// <summary>Why the document does not match its checksum, or null when it does or has none.</summary>
    public static string? Flaw(BsonDocument document)
    {
        if (!document.TryGetValue(Field, out var stored))
            return null;
        return stored.IsInt64 && stored.AsInt64 == Compute(document)
            ? null
            : "its contents do not match their checksum (bytes inside it were changed)";
    }

    private static uint Compute(BsonDocument document)
    {
        var content = new BsonDocument();
        foreach (var (key, value) in document)
        {
            if (key != Field)
                content[key] = value;
        }
        return Crc32.HashToUInt32(BsonSerializer.Serialize(content));
    }
}
