using LiteDB;

namespace MetaOpt.Storages.Documents;

/// <summary>
/// Checks that a stored document has the fields MetaOpt writes, with their types, before it is decoded: LiteDB reads
/// a missing or mistyped field as a default (0, null), which would turn damage into believable wrong values.
/// </summary>
internal static class DocumentShape
{
    private static readonly (string Field, BsonType Type)[] StudyFields =
    [
        ("_id", BsonType.String), ("direction", BsonType.String), ("user_attrs", BsonType.Array),
    ];

    private static readonly (string Field, BsonType Type)[] TrialFields =
    [
        ("_id", BsonType.Int64), (TrialDocuments.StudyField, BsonType.String), ("number", BsonType.Int32), ("state", BsonType.String),
        ("params", BsonType.Array), ("intermediate_values", BsonType.Array), ("user_attrs", BsonType.Array), ("system_attrs", BsonType.Array),
    ];

    /// <summary>What is wrong with a study document's shape, or null.</summary>
    public static string? StudyFlaw(BsonDocument document) => Flaw(document, StudyFields) ?? DocumentChecksum.Flaw(document);

    /// <summary>What is wrong with a trial document's shape, or null.</summary>
    public static string? TrialFlaw(BsonDocument document) =>
        Flaw(document, TrialFields)
        ?? DocumentChecksum.Flaw(document)
        ?? (document["number"].AsInt32 < 0 ? $"its number {document["number"].AsInt32} is negative" : null);

    /// <summary>The document's id as text, for findings.</summary>
    public static string Id(BsonDocument document) => document.TryGetValue("_id", out var id) ? id.ToString() : "unknown";

    private static string? Flaw(BsonDocument document, (string Field, BsonType Type)[] fields)
    {
        foreach (var (field, type) in fields)
        {
            if (!document.TryGetValue(field, out var value))
                return $"it has no field '{field}'";
            if (value.Type != type)
                return $"its field '{field}' is a {value.Type}, not a {type}";
        }
        return null;
    }
}
