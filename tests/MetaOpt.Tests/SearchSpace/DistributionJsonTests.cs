using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaOpt.Tests.SearchSpace;

/// <summary>The one JSON form of a distribution: every kind and setting comes back equal, choices with their exact types.</summary>
public sealed class DistributionJsonTests
{
    public static TheoryData<Distribution> Every => new()
    {
        new FloatDistribution(-1.5, 2.25),
        new FloatDistribution(1e-5, 0.1, log: true),
        new FloatDistribution(0, 0.5, step: 0.05),
        new IntDistribution(-3, 9),
        new IntDistribution(1, 1024, log: true),
        new IntDistribution(16, 256, step: 16),
        new CategoricalDistribution(new object[] { "adam", "sgd" }),
        new CategoricalDistribution(new object[] { 3, 5_000_000_000L, 0.5, 2.0, double.NaN, double.NegativeInfinity }),
        new CategoricalDistribution(new object[] { true, false }),
        new CategoricalDistribution(new object[] { 1, "1", true, 2.5 }),
    };

    [Theory]
    [MemberData(nameof(Every))]
    public void EveryKindRoundTripsWithItsSettingsAndTypes(Distribution distribution)
    {
        var text = ValueJson.Text(writer => DistributionJson.Write(writer, distribution));
        using var document = JsonDocument.Parse(text);

        var back = DistributionJson.Read(document.RootElement);
        var fromNode = DistributionJson.Read(JsonNode.Parse(DistributionJson.ToNode(distribution).ToJsonString()));

        foreach (var read in new[] { back, fromNode })
        {
            Assert.Equal(distribution.GetType(), read.GetType());
            Assert.Equal(distribution.ToString(), read.ToString());
            switch (distribution)
            {
                case FloatDistribution f:
                    var rf = (FloatDistribution)read;
                    Assert.Equal((f.Low, f.High, f.Log, f.Step), (rf.Low, rf.High, rf.Log, rf.Step));
                    break;
                case IntDistribution i:
                    var ri = (IntDistribution)read;
                    Assert.Equal((i.Low, i.High, i.Log, i.Step), (ri.Low, ri.High, ri.Log, ri.Step));
                    break;
                case CategoricalDistribution c:
                    Assert.Equal(c.Choices, ((CategoricalDistribution)read).Choices);
                    Assert.Equal(c.Choices.Select(v => v.GetType()), ((CategoricalDistribution)read).Choices.Select(v => v.GetType()));
                    break;
            }
        }
    }

    [Fact]
    public void TheWrittenFormIsTaggedWithKindAndKeepsEverySetting()
    {
        Assert.Equal("""{"kind":"float","low":0.001,"high":1,"log":true,"step":null}""",
            ValueJson.Text(w => DistributionJson.Write(w, new FloatDistribution(1e-3, 1, log: true))));
        Assert.Equal("""{"kind":"int","low":1,"high":9,"log":false,"step":2}""",
            ValueJson.Text(w => DistributionJson.Write(w, new IntDistribution(1, 9, step: 2))));
        Assert.Equal("""{"kind":"categorical","choices":[["s","a"],["i",3],["b",true],["d",0.5],["l",7]]}""",
            ValueJson.Text(w => DistributionJson.Write(w, new CategoricalDistribution(new object[] { "a", 3, true, 0.5, 7L }))));
    }

    [Fact]
    public void TheHandWrittenFormReadsWithTypeAndPlainChoicesAndDefaults()
    {
        Assert.Equal(new FloatDistribution(0, 0.5), Read("""{"type": "float", "low": 0, "high": 0.5}"""));
        Assert.Equal(new IntDistribution(1, 8), Read("""{"type": "int", "low": 1, "high": 8}"""));
        var categorical = (CategoricalDistribution)Read("""{"type": "categorical", "choices": ["adam", 3, 0.5, true]}""");
        Assert.Equal(new object[] { "adam", 3, 0.5, true }, categorical.Choices.ToArray());
        Assert.Equal([typeof(string), typeof(int), typeof(double), typeof(bool)], categorical.Choices.Select(c => c.GetType()));
    }

    [Theory]
    [InlineData("[1]", "must be an object with \"kind\" (or \"type\"): float, int or categorical")]
    [InlineData("""{"low": 1}""", "\"kind\" (or \"type\") is missing: use one of float, int, categorical")]
    [InlineData("""{"kind": "normal"}""", "\"kind\" is 'normal': use one of float, int, categorical")]
    [InlineData("""{"type": 3}""", "\"type\" is '3': use one of float, int, categorical")]
    [InlineData("""{"kind": "int", "low": 1, "high": 2, "choices": [1]}""", "unknown key \"choices\" for a int: use kind, low, high, log, step")]
    [InlineData("""{"kind": "float", "low": "a", "high": 2}""", "\"low\" must be a number")]
    [InlineData("""{"kind": "int", "low": 1.5, "high": 2}""", "\"low\" must be a whole number")]
    [InlineData("""{"kind": "int", "low": 1, "high": 2, "log": "yes"}""", "\"log\" must be true or false")]
    [InlineData("""{"kind": "categorical", "choices": []}""", "\"choices\" must be a non-empty array of strings, numbers or booleans")]
    [InlineData("""{"kind": "categorical", "choices": [["x", 1]]}""", "[\"x\", 1] is not a string, number or boolean, nor a [type, value] pair of one")]
    public void BadInputIsRefusedNamingTheKey(string json, string message) =>
        Assert.Equal(message, Assert.Throws<InvalidDataException>(() => Read(json)).Message);

    [Fact]
    public void ADistributionWithoutAJsonFormIsRefused() =>
        Assert.Throws<NotSupportedException>(() => DistributionJson.ToNode(new Unknown()));

    private static Distribution Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return DistributionJson.Read(document.RootElement);
    }

    private sealed class Unknown : Distribution
    {
        public override double ToInternal(object value) => 0;

        public override object ToExternal(double internalValue) => 0;

        public override bool Contains(double internalValue) => true;

        public override bool IsSingle => false;

        public override string ToString() => "unknown";

        public override bool Equals(Distribution? other) => false;

        public override int GetHashCode() => 0;
    }
}
