using System.CommandLine;
using System.Globalization;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;
using MetaOpt.Launcher.UserStudies;
using MetaOpt.Studies;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.Suggest;

/// <summary>
/// <c>metaopt suggest &lt;study&gt; --data DIR</c>: the configurations the storage's earlier studies predict for the
/// study on new data, without training (<see cref="ZeroShotPortfolio"/>); <c>run --warm-start auto</c> evaluates the
/// same configurations first.
/// </summary>
internal sealed class SuggestCommand : Command
{
    private readonly Argument<string> _study = new("study")
    {
        Description = "The study definition to suggest configurations for (see 'metaopt studies').",
    };

    private readonly Option<string> _storage = CommonOptions.Storage();
    private readonly Option<string> _studies = CommonOptions.Studies();
    private readonly Option<string> _data = TextOptions.DataDirectory();
    private readonly Option<string> _subset = CommonOptions.DataSubset();
    private readonly Option<int> _count = NumberOptions.Whole("--count", "How many configurations to suggest.", 1, 100, 5, "N");
    private readonly Option<string> _format = OutputFormat.Option();

    public SuggestCommand() : base("suggest", "Print the configurations earlier studies predict for a study on new data, without training.")
    {
        this.WithExamples("metaopt suggest functions-branin --count 3");
        Arguments.Add(_study);
        foreach (var option in new Option[] { _storage, _studies, _data, _subset, _count, _format })
            Options.Add(option);
        SetAction(Execute);
    }

    private int Execute(ParseResult parse)
    {
        var path = parse.GetRequiredValue(_storage);
        var definition = StudySet.Load(StudiesLocation.Resolve(parse.GetValue(_studies), path), parse.InvocationConfiguration.Error)
            .Find(parse.GetRequiredValue(_study));
        var data = parse.GetValue(_data);
        if (definition.Data != DataRequirement.None && data is null)
            throw LauncherException.Usage($"study '{definition.Name}' needs {definition.Data.Name} data: pass --data DIR ({definition.Data.Directory})");
        var terminal = Terminal.For(parse);
        // The data is loaded (its meta-features are what the earlier studies are compared by), nothing is trained.
        var subset = definition.Inputs.HasFlag(StudyInputs.DataSubset) ? parse.GetValue(_subset) : null;
        if (subset is null && parse.GetValue(_subset) is not null)
            terminal.Error.WriteLine($"metaopt: note: study '{definition.Name}' does not use --subset; it is ignored");
        var pipeline = StudyRun.PrepareOnly(definition, data is null ? null : Path.GetFullPath(data), subset, terminal.Error);
        IReadOnlyList<PortfolioEntry> portfolio;
        using (var storage = StorageFile.Open(path, create: false))
            portfolio = ZeroShotPortfolio.Build(storage, definition.SearchSpace, pipeline.MetaFeatures, parse.GetRequiredValue(_count));
        if (parse.GetRequiredValue(_format) == OutputFormat.Json)
        {
            OutputFormat.WriteJson(terminal.Output, json => WriteJson(json, definition, pipeline.MetaFeatures, portfolio));
            return ExitCodes.Ok;
        }
        if (portfolio.Count == 0)
        {
            terminal.Output.WriteLine(
                $"No earlier study in '{StorageLocation.Describe(path)}' has three or more finished configurations of '{Format.Name(definition.Name)}''s parameters: nothing to suggest.");
            return ExitCodes.Ok;
        }
        terminal.Output.WriteLine(
            $"{portfolio.Count} configurations for '{Format.Name(definition.Name)}' from {portfolio[0].QuantileByStudy.Count} earlier studies " +
            $"({(pipeline.MetaFeatures is null ? "no meta-features: every study weighs the same" : "nearest by meta-features first")}):");
        var names = definition.SearchSpace.Keys.ToList();
        var table = new TextTable().Column("#", rightAligned: true).Column("from").Column("expected quantile", rightAligned: true);
        foreach (var name in names)
            table.Column(Format.Name(name), rightAligned: true);
        foreach (var (entry, i) in portfolio.Select((e, i) => (e, i)))
            table.Row([
                (i + 1).ToString(CultureInfo.InvariantCulture), $"{Format.Name(entry.SourceStudy)} #{entry.SourceTrial}",
                entry.ExpectedQuantile.ToString("F2", CultureInfo.InvariantCulture),
                .. names.Select(n => Format.Param(entry.Params[n])),
            ]);
        table.Write(terminal.Output, terminal.Width);
        terminal.Output.WriteLine("The expected quantile is the configuration's rank among each earlier study's (0 the best, 1 the worst), averaged with the studies' weights.");
        return ExitCodes.Ok;
    }

    private static void WriteJson(System.Text.Json.Utf8JsonWriter json, IStudyDefinition definition, MetaFeatures? features, IReadOnlyList<PortfolioEntry> portfolio)
    {
        json.WriteStartObject();
        json.WriteString("study", definition.Name);
        json.WritePropertyName("meta_features");
        if (features is null)
            json.WriteNullValue();
        else
            json.WriteRawValue(features.ToJson());
        json.WriteStartArray("configurations");
        foreach (var entry in portfolio)
        {
            json.WriteStartObject();
            json.WriteString("source_study", entry.SourceStudy);
            json.WriteNumber("source_trial", entry.SourceTrial);
            json.WritePropertyName("expected_quantile");
            ValueJson.WriteDouble(json, entry.ExpectedQuantile);
            TrialJson.WriteMap(json, "params", entry.Params);
            TrialJson.WriteMap(json, "quantile_by_study", entry.QuantileByStudy.ToDictionary(p => p.Key, p => (object)p.Value));
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
}
