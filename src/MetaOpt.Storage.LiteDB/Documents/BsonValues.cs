using LiteDB;

namespace MetaOpt.Storages.Documents;

/// <summary>
/// Converts attribute values and categorical choices (string, bool, int, long, double) to BSON and back, keeping
/// their exact type, and attribute dictionaries to arrays of key/value pairs (keys are free text, so they are
/// stored as values rather than as field names).
/// </summary>
internal static class BsonValues
{
    public static BsonValue ToBson(string key, object value) => value switch
    {
        string s => new BsonValue(s),
        bool b => new BsonValue(b),
        int i => new BsonValue(i),
        long l => new BsonValue(l),
        double d => new BsonValue(d),
        float f => new BsonValue((double)f),
        _ => throw new ArgumentException(
            $"'{key}' has a value of type {value?.GetType().Name ?? "null"}; a LiteDB storage keeps string, bool, int, long and double.",
            nameof(value)),
    };

    public static object FromBson(BsonValue value) => value.Type switch
    {
        BsonType.String => value.AsString,
        BsonType.Boolean => value.AsBoolean,
        BsonType.Int32 => value.AsInt32,
        BsonType.Int64 => value.AsInt64,
        BsonType.Double => value.AsDouble,
        _ => throw new InvalidDataException($"The storage holds a value of BSON type {value.Type}, which MetaOpt never writes."),
    };

    public static BsonArray ToPairs(IReadOnlyDictionary<string, object> attributes) =>
        new(attributes.Select(kv => new BsonDocument { ["key"] = kv.Key, ["value"] = ToBson(kv.Key, kv.Value) }));

    public static Dictionary<string, object> FromPairs(BsonValue pairs) =>
        pairs.AsArray.Select(p => p.AsDocument).ToDictionary(p => p["key"].AsString, p => FromBson(p["value"]));

    public static BsonValue Ticks(DateTime? time) => time is { } t ? new BsonValue(t.ToUniversalTime().Ticks) : BsonValue.Null;

    public static DateTime? FromTicks(BsonValue value) => value.IsNull ? null : new DateTime(value.AsInt64, DateTimeKind.Utc);
}
