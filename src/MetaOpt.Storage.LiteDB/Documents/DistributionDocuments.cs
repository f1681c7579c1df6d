using LiteDB;

namespace MetaOpt.Storages.Documents;

/// <summary>Stores a <see cref="Distribution"/> as a document tagged with its kind, with every setting kept.</summary>
internal static class DistributionDocuments
{
    public static BsonDocument ToBson(Distribution distribution) => distribution switch
    {
        FloatDistribution f => new BsonDocument
        {
            ["kind"] = "float",
            ["low"] = f.Low,
            ["high"] = f.High,
            ["log"] = f.Log,
            ["step"] = f.Step is { } step ? new BsonValue(step) : BsonValue.Null,
        },
        IntDistribution i => new BsonDocument
        {
            ["kind"] = "int",
            ["low"] = i.Low,
            ["high"] = i.High,
            ["log"] = i.Log,
            ["step"] = i.Step,
        },
        CategoricalDistribution c => new BsonDocument
        {
            ["kind"] = "categorical",
            ["choices"] = new BsonArray(c.Choices.Select((choice, index) => BsonValues.ToBson($"choice #{index}", choice))),
        },
        _ => throw new NotSupportedException($"A LiteDB storage cannot store a {distribution.GetType().Name}."),
    };

    public static Distribution FromBson(BsonDocument document) => document["kind"].AsString switch
    {
        "float" => new FloatDistribution(document["low"].AsDouble, document["high"].AsDouble, document["log"].AsBoolean,
            document["step"].IsNull ? null : document["step"].AsDouble),
        "int" => new IntDistribution(document["low"].AsInt32, document["high"].AsInt32, document["log"].AsBoolean, document["step"].AsInt32),
        "categorical" => new CategoricalDistribution(document["choices"].AsArray.Select(BsonValues.FromBson)),
        var kind => throw new InvalidDataException($"The storage holds a distribution of kind '{kind}', which this MetaOpt does not know."),
    };
}
