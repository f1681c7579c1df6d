using LiteDB;

namespace MetaOpt.Storages.Documents;

/// <summary>Maps a <see cref="StudyInfo"/> to one document of the studies collection (keyed by name) and back.</summary>
internal static class StudyDocuments
{
    public static BsonDocument ToBson(StudyInfo study) => DocumentChecksum.Sealed(new()
    {
        ["_id"] = study.Name,
        ["direction"] = study.Directions.ToText(),
        ["created"] = BsonValues.Ticks(study.Created),
        ["user_attrs"] = BsonValues.ToPairs(study.UserAttrs),
    });

    public static StudyInfo FromBson(BsonDocument document) => new()
    {
        Name = document["_id"].AsString,
        Directions = DirectionExtensions.ParseDirections(document["direction"].AsString),
        Created = BsonValues.FromTicks(document["created"]) ?? default,
        UserAttrs = BsonValues.FromPairs(document["user_attrs"]),
    };
}
