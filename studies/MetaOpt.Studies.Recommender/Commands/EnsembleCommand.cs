using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MetaOpt.Recommender;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Studies.Recommender.Commands;

/// <summary>
/// <c>metaopt ensemble</c>: Caruana's ensemble selection (<see cref="EnsembleSelection"/>) over the models a study
/// kept. Each of its K best kept models adapts to the meta-validation and meta-test users of the split its trial
/// trained on; the ensemble is chosen on the meta-validation users' predictions and compared on the meta-test users
/// with the best single model (the study's best trial) and with the plain average of the K.
/// </summary>
public sealed class EnsembleCommand : IStudyCommand
{
    /// <inheritdoc />
    public Command Create(StudyCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var study = new Argument<string>("study") { Description = "The study whose kept models are combined." };
        var storage = context.CreateStorageOption();
        var topK = NumberOptions.Whole("--top-k", "How many of the study's best kept models form the library the ensemble is chosen from.", 2, 1000, 5, "K");
        var rounds = NumberOptions.Whole("--rounds", "Rounds of the greedy selection (models added, with replacement): the largest ensemble considered.", 1, 10000, 20);
        var data = TextOptions.DataDirectory(
            "The MovieLens folder the study trained on (default for a study of generated data: that data, generated again).",
            "a MovieLens folder (e.g. ml-100k)");
        var format = TextOptions.Choice("--format", "Output format.", ["table", "json"], "table");
        var device = TextOptions.Device();
        var command = new Command("ensemble", "Combine a study's best kept models by Caruana's ensemble selection on the validation users and compare them on the test users.");
        context.AddExamples(command, "metaopt ensemble synthetic-cold-start --top-k 2");
        command.Arguments.Add(study);
        foreach (var option in new Option[] { storage, topK, rounds, data, format, device })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var name = parse.GetRequiredValue(study);
            var k = parse.GetValue(topK);
            var kept = context.OpenKeptTrialArtifacts(parse.GetRequiredValue(storage), name, k, RecommenderModel.WeightsName, RecommenderModel.DescriptionName);
            if (kept.Count < 2)
                throw StudyCommandException.Usage(
                    $"study '{name}' keeps {kept.Count} trained model{(kept.Count == 1 ? "" : "s")}; an ensemble needs at least 2: run it with --keep-models top-{k} (or all)");
            var comparison = Compare(kept, k, parse.GetValue(rounds), parse.GetValue(data), parse.GetRequiredValue(device));
            var output = parse.InvocationConfiguration.Output;
            output.WriteLine(parse.GetValue(format) == "json" ? Json(name, comparison).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) : Table(name, comparison));
            return 0;
        });
        return command;
    }

    // One compared way of predicting: its validation MAE (the selection's criterion) and its test metrics.
    private sealed record Row(string Name, string About, double ValidationMae, EvaluationMetrics Test);

    private sealed record Member(FrozenTrial Trial, int Count, double Weight);

    private sealed record Comparison(int TopK, int Rounds, int ValidationUsers, int TestUsers, IReadOnlyList<Row> Rows, IReadOnlyList<Member> Members);

    private static Comparison Compare(IReadOnlyList<KeptTrialArtifacts> kept, int topK, int rounds, string? dataDirectory, string device)
    {
        var models = kept.Select(Read).ToList();
        foreach (var (trial, _) in kept)
            if (trial.UserAttrs.Keys.Any(key => key.StartsWith(RecommenderAttributes.FoldValMaePrefix, StringComparison.Ordinal)))
                throw StudyCommandException.Usage(
                    $"trial {trial.Number} was validated on folds: its model trained on some of the meta-validation users, which then cannot choose the ensemble; combine a study run without --folds");
        RatingDataset data;
        try
        {
            var generated = models.Select(m => m.GeneratedData).Distinct().ToList();
            data = dataDirectory is not null ? MovieLensLoader.Load(dataDirectory)
                : generated is [{ } options] ? SyntheticColdStartGenerator.Generate(options)
                : throw new ArgumentException(generated.Count > 1
                    ? "the kept models were trained on different generated data: combine models of one data set"
                    : "the models were trained on a MovieLens folder: pass --data DIR, the folder the study trained on");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MalformedDataException or ArgumentException)
        {
            throw StudyCommandException.Usage(e.Message);
        }
        if (models.Select(m => m.QuerySize).Distinct().Count() > 1)
            throw StudyCommandException.Usage(
                $"the kept models were scored on query sets of different sizes ({string.Join(", ", models.Select(m => m.QuerySize).Distinct())}): their users' predictions cannot be combined");

        // The split depends on the query size alone; each model adapts on the support size it trained with.
        var tasksBySupport = new Dictionary<int, ColdStartTasks>();
        var validation = new List<IReadOnlyList<double[]>>();
        var test = new List<IReadOnlyList<double[]>>();
        foreach (var model in models)
        {
            ColdStartTasks tasks;
            try
            {
                if (!tasksBySupport.TryGetValue(model.SupportSize, out tasks!))
                    tasksBySupport[model.SupportSize] = tasks = model.Tasks(data);
                validation.Add(model.PredictQueries(tasks.Validation, tasks.Items, device));
                test.Add(model.PredictQueries(tasks.Test, tasks.Items, device));
            }
            catch (ArgumentException e)
            {
                throw StudyCommandException.Usage(e);
            }
        }
        var split = tasksBySupport.Values.First();

        var validationTruth = split.Validation.SelectMany(t => t.Query.Select(r => (double)r.Value)).ToArray();
        var validationFlat = validation.Select(Flatten).ToList();
        var testFlat = test.Select(Flatten).ToList();
        var selection = EnsembleSelection.Select(validationFlat, validationTruth, rounds);
        var average = Enumerable.Repeat(1, models.Count).ToArray();
        var averaged = new EnsembleSelectionResult(average, double.NaN, []);

        Row Of(string name, string about, EnsembleSelectionResult weights) => new(
            name, about,
            EvaluationMetrics.Of(Unflatten(weights.Combine(validationFlat), split.Validation), split.Validation).Mae,
            EvaluationMetrics.Of(Unflatten(weights.Combine(testFlat), split.Test), split.Test));
        // The best single model is the study's best trial: the one chosen on the validation users, as the ensemble is.
        var single = new EnsembleSelectionResult([1, .. Enumerable.Repeat(0, models.Count - 1)], double.NaN, []);
        Row[] rows =
        [
            Of("best", $"trial {kept[0].Trial.Number}", single),
            Of("average", $"{models.Count} models, equal weights", averaged),
            Of("ensemble", $"{selection.Counts.Count(c => c > 0)} models, {selection.Counts.Sum()} rounds", selection),
        ];
        var members = kept.Select((t, m) => new Member(t.Trial, selection.Counts[m], selection.Weights[m])).ToList();
        return new Comparison(topK, rounds, split.Validation.Count, split.Test.Count, rows, members);
    }

    private static RecommenderModel Read(KeptTrialArtifacts kept)
    {
        try
        {
            using var weights = kept.Files[0];
            using var description = kept.Files[1];
            return RecommenderModel.Read(weights, description);
        }
        catch (InvalidDataException e)
        {
            throw StudyCommandException.Failed($"cannot read the model of trial {kept.Trial.Number}: {e.Message}", e);
        }
    }

    private static double[] Flatten(IReadOnlyList<double[]> perUser) => perUser.SelectMany(p => p).ToArray();

    private static List<double[]> Unflatten(double[] values, IReadOnlyList<UserTask> tasks)
    {
        var perUser = new List<double[]>(tasks.Count);
        var at = 0;
        foreach (var task in tasks)
        {
            perUser.Add(values[at..(at + task.Query.Count)]);
            at += task.Query.Count;
        }
        return perUser;
    }

    private static string Table(string study, Comparison c)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"Study '{study}': the {c.Members.Count} best kept models (of --top-k {c.TopK}), selected on {c.ValidationUsers} meta-validation users, compared on {c.TestUsers} meta-test users."),
            "",
            string.Create(CultureInfo.InvariantCulture, $"{"",-9} {"val MAE",8} {"test MAE",8} {"RMSE",8} {"nDCG@" + c.Rows[0].Test.K,8}  {"vs best",8}  what"),
        };
        var best = c.Rows[0].Test.Mae;
        foreach (var row in c.Rows)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{row.Name,-9} {row.ValidationMae,8:F4} {row.Test.Mae,8:F4} {row.Test.Rmse,8:F4} {row.Test.Ndcg,8:F4}  {Change(row.Test.Mae, best),8}  {row.About}"));
        lines.Add("");
        lines.Add("Ensemble weights (chosen rounds over all rounds):");
        foreach (var member in c.Members)
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  trial {member.Trial.Number,-5} value {ValueText.Number(member.Trial.Value!.Value)}  weight {member.Weight:F3} ({member.Count})"));
        return string.Join(Environment.NewLine, lines);
    }

    // The relative change of a test MAE from the best single model's, negative when better.
    private static string Change(double mae, double best) => string.Create(CultureInfo.InvariantCulture, $"{(mae - best) / best * 100:+0.00;-0.00;0.00}%");

    private static JsonObject Json(string study, Comparison c) => new()
    {
        ["study"] = study,
        ["top_k"] = c.TopK,
        ["models"] = c.Members.Count,
        ["rounds"] = c.Rounds,
        ["validation_users"] = c.ValidationUsers,
        ["test_users"] = c.TestUsers,
        ["rows"] = new JsonArray(c.Rows.Select(row => (JsonNode)new JsonObject
        {
            ["name"] = row.Name,
            ["about"] = row.About,
            ["validation_mae"] = row.ValidationMae,
            ["test_mae"] = row.Test.Mae,
            ["test_rmse"] = row.Test.Rmse,
            ["test_ndcg"] = row.Test.Ndcg,
            ["ndcg_k"] = row.Test.K,
        }).ToArray()),
        ["members"] = new JsonArray(c.Members.Select(m => (JsonNode)new JsonObject
        {
            ["trial"] = m.Trial.Number,
            ["value"] = m.Trial.Value,
            ["count"] = m.Count,
            ["weight"] = m.Weight,
        }).ToArray()),
    };
}
