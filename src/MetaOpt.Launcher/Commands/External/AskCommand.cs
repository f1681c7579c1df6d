using System.CommandLine;
using System.Text;
using System.Text.Json;
using MetaOpt.Launcher.Cli;
using MetaOpt.Launcher.Commands.Run;
using MetaOpt.Studies;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.External;

/// <summary><c>metaopt ask &lt;study&gt;</c>: starts a trial for a program outside MetaOpt and prints its parameters.</summary>
internal sealed class AskCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Option<string> _storage = CommonOptions.Storage();

    private readonly Option<string> _searchSpace = new("--search-space")
    {
        Description = "JSON file of the parameters: {\"lr\": {\"type\": \"float\", \"low\": 1e-5, \"high\": 0.1, \"log\": true}, ...} (see docs/user-studies.md).",
        HelpName = "FILE",
        Required = true,
    };

    private readonly Option<string> _sampler = CommonOptions.Named("--sampler", $"Sampler; default: the study's own, else {ExternalStudy.DefaultSampler}", SamplerRegistry.Names);
    private readonly Option<string> _pruner = CommonOptions.Named("--pruner", $"Pruner that report-value asks; default: the study's own, else {ExternalStudy.DefaultPruner}", PrunerRegistry.Names);
    private readonly Option<IReadOnlyList<Direction>?> _direction = new("--direction")
    {
        Description = "Direction of a new study, one per objective separated by commas (minimize,maximize: two objectives); default minimize",
        HelpName = "minimize|maximize[,...]",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            var words = text.Split(',', StringSplitOptions.TrimEntries);
            if (words.All(w => w is "minimize" or "maximize"))
                return words.Select(w => w == "maximize" ? MetaOpt.Direction.Maximize : MetaOpt.Direction.Minimize).ToList();
            result.AddError($"unknown direction '{text}': use minimize or maximize, one per objective separated by commas");
            return null;
        },
    };
    private readonly Option<int?> _seed = NumberOptions.OptionalWhole("--seed", "Seed of the sampler; default: the study's own, else 0.", 0, int.MaxValue, "S");

    private readonly Option<bool> _json = new("--json")
    {
        Description = "Print {\"trial\": N, \"params\": {...}} instead of trial=N and name=value lines.",
    };

    public AskCommand() : base("ask", "Start a trial for an outside program: create the study when needed and print the trial number and its parameters.")
    {
        this.WithExamples("metaopt ask quadratic --search-space space.json");
        Arguments.Add(_study);
        foreach (var option in new Option[] { _searchSpace, _storage, _sampler, _pruner, _direction, _seed, _json })
            Options.Add(option);
        SetAction(Execute);
    }

    private int Execute(ParseResult parse)
    {
        var name = parse.GetRequiredValue(_study);
        var path = parse.GetRequiredValue(_storage);
        // Everything the command line says is checked before the storage is opened, so a mistake stores nothing.
        var space = SearchSpaceFile.Read(parse.GetRequiredValue(_searchSpace));
        var directions = parse.GetValue(_direction);
        var sampler = parse.GetValue(_sampler);
        var pruner = parse.GetValue(_pruner);
        var seed = parse.GetValue(_seed);
        if (directions?.Count > 1)
            CheckSeveralObjectives(directions, sampler, pruner);
        using var storage = ExternalStudy.OpenStorage(path, create: true);
        var info = storage.FindStudy(name);
        if (info is not null && directions is not null && !directions.SequenceEqual(info.Directions))
            throw LauncherException.Usage(info.Directions.Count == 1 && directions.Count == 1
                ? $"study '{Format.Name(name)}' in '{StorageLocation.Describe(path)}' is {info.Direction.ToString().ToLowerInvariant()}d; --direction cannot change it (use another study name)"
                : $"study '{Format.Name(name)}' in '{StorageLocation.Describe(path)}' has the directions {Format.Directions(info.Directions)}; --direction cannot change them (use another study name)");
        if (directions is null && info?.Directions.Count > 1)
            CheckSeveralObjectives(info.Directions, sampler, pruner);
        var study = Study.CreateOrLoad(name, ExternalStudy.AskOptions(storage, info, space, directions, sampler, pruner, seed));
        RecordSettings(study, info is null, sampler, pruner, seed);
        var trial = study.AskExternal();
        IReadOnlyDictionary<string, object> parameters;
        try
        {
            parameters = trial.SuggestAll(space);
        }
        catch (InvalidSearchSpaceException e)
        {
            // The trial exists by now: fail it, or it would stay Running and count against parallel samplers.
            study.Tell(trial, TrialState.Failed);
            throw LauncherException.Usage($"search space: {Format.Reason(e)}");
        }
        var output = parse.InvocationConfiguration.Output;
        if (parse.GetValue(_json))
            output.WriteLine(Json(trial.Number, parameters));
        else
        {
            output.WriteLine($"trial={trial.Number}");
            foreach (var (parameter, value) in parameters)
                output.WriteLine($"{parameter}={Text(value)}");
        }
        return ExitCodes.Ok;
    }

    /// <summary>A multi-objective study refuses, before anything is stored, what <c>metaopt run</c> refuses: a sampler that cannot serve it, a pruner.</summary>
    private static void CheckSeveralObjectives(IReadOnlyList<Direction> directions, string? sampler, string? pruner) =>
        StudyRun.CheckSamplerAndPruner($"the study has {directions.Count} objectives ({Format.Directions(directions)})", sampler, pruner);

    /// <summary>Stores the settings a later call without them reuses; a new study records the defaults it got.</summary>
    private static void RecordSettings(Study study, bool created, string? sampler, string? pruner, int? seed)
    {
        if (created || sampler is not null)
            study.SetUserAttr(StudyRun.SettingAttrs.Sampler, sampler ?? ExternalStudy.DefaultSampler);
        if (created || pruner is not null)
            study.SetUserAttr(StudyRun.SettingAttrs.Pruner, pruner ?? ExternalStudy.DefaultPrunerOf(study.Directions));
        if (created || seed is not null)
            study.SetUserAttr(StudyRun.SettingAttrs.Seed, seed ?? 0);
    }

    /// <summary>A value as a script reads it back: doubles round-trip exactly, booleans as in JSON.</summary>
    private static string Text(object value) => value switch
    {
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Format.Param(value),
    };

    private static string Json(int number, IReadOnlyDictionary<string, object> parameters)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("trial", number);
            TrialJson.WriteMap(json, "params", parameters);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
