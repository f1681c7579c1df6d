namespace MetaOpt.Tests;

/// <summary>The JSON form of a trial that export and show write, pinned field by field.</summary>
public sealed class TrialJsonTests
{
    [Fact]
    public void ATrialIsWrittenWithOptunasFieldNamesAndNonFiniteNumbersAsText()
    {
        var trial = new FrozenTrial
        {
            Id = 9,
            Number = 3,
            State = TrialState.Failed,
            Value = double.NaN,
            Params = new Dictionary<string, object> { ["lr"] = 0.001, ["n"] = 4, ["big"] = 5_000_000_000L, ["opt"] = "adam", ["on"] = true },
            IntermediateValues = new SortedDictionary<int, double> { [2] = double.PositiveInfinity, [1] = 0.5 },
            UserAttrs = new Dictionary<string, object> { ["device"] = "cuda:0", ["f"] = 1.5f },
            SystemAttrs = new Dictionary<string, object> { ["retry_of"] = 1, ["repeat_of"] = 1, ["repeat"] = 2, ["seed"] = 17 },
            DatetimeStart = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
            DatetimeComplete = new DateTime(2026, 1, 2, 3, 4, 7, 500, DateTimeKind.Utc),
            FailReason = "boom",
        };

        var text = ValueJson.Text(json => TrialJson.Write(json, trial));

        Assert.Equal(
            """{"number":3,"state":"Failed","value":"NaN","seed":17,"configuration":1,"repeat":2,"params":{"lr":0.001,"n":4,"big":5000000000,"opt":"adam","on":true}""" +
            ""","intermediate_values":{"1":0.5,"2":"Infinity"},"user_attrs":{"device":"cuda:0","f":"1.5"},"system_attrs":{"retry_of":1,"repeat_of":1,"repeat":2,"seed":17}""" +
            ""","datetime_start":"2026-01-02T03:04:05Z","datetime_complete":"2026-01-02T03:04:07.5Z","duration_seconds":2.5,"fail_reason":"boom"}""",
            text);
    }
}
