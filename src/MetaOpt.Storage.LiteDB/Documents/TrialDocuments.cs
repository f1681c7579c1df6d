using LiteDB;

namespace MetaOpt.Storages.Documents;

/// <summary>Maps a <see cref="FrozenTrial"/> to one document of the trials collection and back.</summary>
/// <remarks>
/// Parameters are stored in their distribution's internal representation next to the distribution, so categorical
/// choices are stored once per parameter and the value the objective saw is rebuilt exactly. Times are UTC ticks,
/// which round-trip without the millisecond truncation of BSON dates.
/// </remarks>
internal static class TrialDocuments
{
    public const string StudyField = "study";

    public static BsonDocument ToBson(string studyName, FrozenTrial trial) => DocumentChecksum.Sealed(WithValues(new()
    {
        ["_id"] = trial.Id,
        [StudyField] = studyName,
        ["number"] = trial.Number,
        ["state"] = trial.State.ToString(),
        ["value"] = trial.Value is { } value ? new BsonValue(value) : BsonValue.Null,
        ["params"] = new BsonArray(trial.Params.Select(kv => new BsonDocument
        {
            ["name"] = kv.Key,
            ["internal"] = trial.Distributions[kv.Key].ToInternal(kv.Value),
            ["distribution"] = DistributionDocuments.ToBson(trial.Distributions[kv.Key]),
        })),
        ["intermediate_values"] = new BsonArray(trial.IntermediateValues.Select(kv => new BsonDocument
        {
            ["step"] = kv.Key,
            ["value"] = kv.Value,
        })),
        ["user_attrs"] = BsonValues.ToPairs(trial.UserAttrs),
        ["system_attrs"] = BsonValues.ToPairs(trial.SystemAttrs),
        ["datetime_start"] = BsonValues.Ticks(trial.DatetimeStart),
        ["datetime_complete"] = BsonValues.Ticks(trial.DatetimeComplete),
        ["heartbeat"] = BsonValues.Ticks(trial.Heartbeat),
        ["fail_reason"] = trial.FailReason is { } reason ? new BsonValue(reason) : BsonValue.Null,
    }, trial));

    // A multi-objective trial's values go in a field of their own, which single-objective documents (all those written
    // before it existed) lack, so they read and checksum as before; "value" stays null for them.
    private static BsonDocument WithValues(BsonDocument document, FrozenTrial trial)
    {
        if (trial.Values is { Count: > 1 } values)
            document[ValuesField] = new BsonArray(values.Select(v => new BsonValue(v)));
        return document;
    }

    private const string ValuesField = "values";

    public static FrozenTrial FromBson(BsonDocument document)
    {
        var parameters = new Dictionary<string, object>();
        var distributions = new Dictionary<string, Distribution>();
        foreach (var param in document["params"].AsArray.Select(p => p.AsDocument))
        {
            var name = param["name"].AsString;
            var distribution = DistributionDocuments.FromBson(param["distribution"].AsDocument);
            distributions[name] = distribution;
            parameters[name] = distribution.ToExternal(param["internal"].AsDouble);
        }
        return new FrozenTrial
        {
            Id = document["_id"].AsInt64,
            Number = document["number"].AsInt32,
            State = Enum.Parse<TrialState>(document["state"].AsString),
            Value = document["value"].IsNull ? null : document["value"].AsDouble,
            Params = parameters,
            Distributions = distributions,
            IntermediateValues = new SortedDictionary<int, double>(document["intermediate_values"].AsArray
                .Select(p => p.AsDocument)
                .ToDictionary(p => p["step"].AsInt32, p => p["value"].AsDouble)),
            UserAttrs = BsonValues.FromPairs(document["user_attrs"]),
            SystemAttrs = BsonValues.FromPairs(document["system_attrs"]),
            DatetimeStart = BsonValues.FromTicks(document["datetime_start"]),
            DatetimeComplete = BsonValues.FromTicks(document["datetime_complete"]),
            Heartbeat = BsonValues.FromTicks(document["heartbeat"]),
            FailReason = document["fail_reason"].IsNull ? null : document["fail_reason"].AsString,
        } is var trial && document.TryGetValue(ValuesField, out var values)
            ? trial with { Values = values.AsArray.Select(v => v.AsDouble).ToArray() }
            : trial;
    }
}
