using System.Text.Json;
using System.Text.Json.Nodes;

namespace MetaOpt.Storage.Optuna.Tests;

/// <summary>Optuna's text of each distribution (Fixtures/distributions.json, written by Optuna 3.1) reads as the MetaOpt one, and back.</summary>
public sealed class DistributionDialectTests
{
    private static readonly Dictionary<string, Distribution> Expected = new()
    {
        ["float_log"] = new FloatDistribution(1e-5, 0.1, log: true),
        ["float_step"] = new FloatDistribution(0, 0.5, step: 0.1),
        ["int_log"] = new IntDistribution(16, 256, log: true),
        ["int_step"] = new IntDistribution(32, 256, step: 32),
        ["categorical"] = new CategoricalDistribution(["a", 1, 2.5, false]),
        ["uniform"] = new FloatDistribution(-1.5, 2),
        ["log_uniform"] = new FloatDistribution(1e-4, 1, log: true),
        ["discrete_uniform"] = new FloatDistribution(0, 1, step: 0.25),
        ["int_uniform"] = new IntDistribution(0, 10, step: 2),
        ["int_log_uniform"] = new IntDistribution(1, 64, log: true),
    };

    private static string Optuna(string kind)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Fixture.Path("distributions.json")));
        return document.RootElement.GetProperty(kind).GetString()!;
    }

    [Theory]
    [InlineData("float_log")]
    [InlineData("float_step")]
    [InlineData("int_log")]
    [InlineData("int_step")]
    [InlineData("categorical")]
    public void EachDistributionReadsAsMetaOptsAndWritesBackAsOptunaWroteIt(string kind)
    {
        var read = DistributionJson.FromOptuna(Optuna(kind));

        Assert.Equal(Expected[kind], read);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Optuna(kind)), JsonNode.Parse(DistributionJson.ToOptuna(read))),
            $"{Optuna(kind)} vs {DistributionJson.ToOptuna(read)}");
    }

    [Theory]
    [InlineData("uniform", "FloatDistribution")]
    [InlineData("log_uniform", "FloatDistribution")]
    [InlineData("discrete_uniform", "FloatDistribution")]
    [InlineData("int_uniform", "IntDistribution")]
    [InlineData("int_log_uniform", "IntDistribution")]
    public void TheClassesOptunaDeprecatedReadAsTheirModernForm(string kind, string written)
    {
        var read = DistributionJson.FromOptuna(Optuna(kind));

        Assert.Equal(Expected[kind], read);
        Assert.Equal(written, JsonNode.Parse(DistributionJson.ToOptuna(read))!["name"]!.GetValue<string>());
    }

    [Fact]
    public void ANoneChoiceIsNamedAsWhatMetaOptCannotHold()
    {
        var error = Assert.Throws<ArgumentException>(() => DistributionJson.FromOptuna(Optuna("none_choice")));

        Assert.StartsWith("choice #0 (null, null) is not allowed: use strings, numbers or booleans", error.Message);
    }

    [Fact]
    public void FloatsAreWrittenSoPythonReadsThemAsFloats()
    {
        var text = DistributionJson.ToOptuna(new CategoricalDistribution([2.0, 3, 1e20, "x"]));

        Assert.Equal("""{"name":"CategoricalDistribution","attributes":{"choices":[2.0,3,1E+20,"x"]}}""", text);
    }
}
