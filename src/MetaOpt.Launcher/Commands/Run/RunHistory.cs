using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>
/// The settings of every run of a study, oldest first, kept as a JSON list in the study attribute <c>runs</c>: a
/// resumed run may use another sampler or seed, and its earlier trials still came from the old ones.
/// </summary>
internal static class RunHistory
{
    /// <summary>The study user attribute holding the list (the report shows it as a table).</summary>
    public const string Key = "runs";

    // The settings whose change between runs is worth a note: they decide which configurations are tried.
    // A change of folds changes what the objective measures.
    private static readonly string[] Watched = ["sampler", "pruner", "seed", "folds", "subset"];

    /// <summary>One run's settings as stored; device, epochs, folds and data only for studies that use them.</summary>
    public static JsonObject Entry(RunRequest request, DateTime started)
    {
        var entry = new JsonObject
        {
            ["started"] = started.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["sampler"] = request.Sampler,
            ["pruner"] = request.Pruner,
            ["seed"] = request.Seed,
            ["trials"] = request.Trials,
            // Null when the run does not intensify: a resumed run goes on as the study was run (StudyRun.Intensification).
            ["intensify"] = request.Intensify,
        };
        if (request.Definition.Inputs.HasFlag(StudyInputs.Epochs))
            entry["epochs"] = request.Epochs;
        if (request.Definition.Inputs.HasFlag(StudyInputs.Device))
            entry["device"] = request.Device;
        if (request.Definition.Inputs.HasFlag(StudyInputs.Folds))
            entry["folds"] = request.Folds;
        // Null for the study's own metric: a resumed run goes on with the stored one (StudyRun.Metric).
        if (request.Definition.Inputs.HasFlag(StudyInputs.Metric))
            entry["metric"] = request.Metric;
        if (request.TeacherModel is { } teacher)
            entry["teacher_model"] = teacher;
        if (request.DataDirectory is { } data)
            entry["data"] = data;
        // Part of the data's identity: confirm and resumed runs train on the same users.
        if (request.DataSubset is { } subset)
            entry["subset"] = subset;
        entry["version"] = BuildInfo.Version;
        entry["commit"] = BuildInfo.Commit;
        return entry;
    }

    /// <summary>The stored list with <paramref name="entry"/> appended, as the attribute's new value.</summary>
    public static string Append(IReadOnlyDictionary<string, object> studyAttrs, JsonObject entry)
    {
        var runs = Read(studyAttrs);
        runs.Add(entry);
        return runs.ToJsonString();
    }

    /// <summary>
    /// One line per watched setting that differs from the last run's ("sampler changed from tpe to gp for this run;
    /// earlier trials came from tpe"); a study from before the history existed is compared with its stored settings.
    /// </summary>
    public static IEnumerable<string> Changes(IReadOnlyDictionary<string, object> studyAttrs, JsonObject entry)
    {
        var last = Read(studyAttrs).LastOrDefault() as JsonObject;
        foreach (var key in Watched)
        {
            var before = Canonical(key, last is null ? studyAttrs.GetValueOrDefault(key)?.ToString() : last[key]?.ToString());
            var now = entry[key]?.ToString();
            if (before is not null && now is not null && before != now)
                yield return $"{key} changed from {before} to {now} for this run; earlier trials came from {before}";
        }
    }

    /// <summary>The settings of the study's last run, or null when none is stored (a study from before the history, or not made by 'run').</summary>
    public static JsonObject? Last(IReadOnlyDictionary<string, object> studyAttrs) => Read(studyAttrs).LastOrDefault() as JsonObject;

    // A study stored under a sampler's old name (tpegroup) ran the same sampler as its name now (tpe-group).
    private static string? Canonical(string key, string? value) =>
        key == "sampler" && value is not null && SamplerRegistry.Names.TryParse(value, out var kind) ? SamplerRegistry.Names.NameOf(kind) : value;

    // A list that cannot be read (edited by hand) is started anew rather than failing the run.
    private static JsonArray Read(IReadOnlyDictionary<string, object> studyAttrs)
    {
        if (studyAttrs.GetValueOrDefault(Key) is not string text)
            return [];
        try
        {
            return JsonNode.Parse(text) as JsonArray ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
