using System.CommandLine;
using System.Globalization;
using MetaOpt.Recommender;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Studies.Recommender.Commands;

/// <summary>
/// <c>metaopt predict</c>: ratings of given users for given items from a recommender a study kept (its best trial's
/// model) or one exported with <c>metaopt best --export-model</c>, after adapting to each user on their own ratings
/// in the data (a MovieLens folder, or for a model of generated data that data generated again), as the training
/// adapted to each user on their support set.
/// </summary>
public sealed class PredictCommand : IStudyCommand
{
    /// <inheritdoc />
    public Command Create(StudyCommandContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var study = new Argument<string?>("study") { Description = "The study whose best trial's model predicts (or give --model).", Arity = ArgumentArity.ZeroOrOne };
        var storage = context.CreateStorageOption();
        var model = new Option<string>("--model") { Description = "A model folder exported by 'metaopt best --export-model' (from any machine), instead of a study.", HelpName = "DIR" };
        var data = TextOptions.DataDirectory(
            "The MovieLens folder holding the users, their ratings to adapt on, and the items (default for a model of generated data: that data, generated again).",
            "a MovieLens folder (e.g. ml-100k)");
        var users = new Option<string>("--users")
        {
            Description = "A text file of lines 'USER ITEM [ITEM...]': the data's user id, then the item indices to rate ('#' starts a comment).",
            HelpName = "FILE",
            Required = true,
        };
        var device = TextOptions.Device();
        var command = new Command("predict", "Predict ratings of given users and items with a study's best kept model, after adapting to each user's ratings.");
        context.AddExamples(command, "metaopt predict synthetic-cold-start --users users.txt", "metaopt predict --model best-model --users users.txt");
        command.Arguments.Add(study);
        foreach (var option in new Option[] { storage, model, data, users, device })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var name = parse.GetValue(study);
            var folder = parse.GetValue(model);
            if ((name is null) == (folder is null))
                throw StudyCommandException.Usage("predict needs a study or --model DIR, not both: name the study whose best model predicts, or an exported model folder");
            var trained = folder is not null
                ? ReadModel(() => File.OpenRead(Path.Combine(folder, RecommenderModel.WeightsName)), () => File.OpenRead(Path.Combine(folder, RecommenderModel.DescriptionName)), $"'{folder}'")
                : ReadModel(() => context.OpenBestTrialArtifact(parse.GetRequiredValue(storage), name!, RecommenderModel.WeightsName),
                    () => context.OpenBestTrialArtifact(parse.GetRequiredValue(storage), name!, RecommenderModel.DescriptionName), $"study '{name}'");
            return Predict(trained, parse.GetValue(data), parse.GetRequiredValue(users), parse.GetRequiredValue(device), parse.InvocationConfiguration.Output);
        });
        return command;
    }

    private static RecommenderModel ReadModel(Func<Stream> weights, Func<Stream> description, string from)
    {
        try
        {
            using var w = weights();
            using var d = description();
            return RecommenderModel.Read(w, d);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            throw StudyCommandException.Failed($"cannot read the model of {from}: {e.Message}", e);
        }
    }

    private static int Predict(RecommenderModel model, string? dataDirectory, string usersFile, string device, TextWriter output)
    {
        RatingDataset data;
        IReadOnlyList<(int User, int[] Items)> requests;
        try
        {
            data = dataDirectory is not null ? MovieLensLoader.Load(dataDirectory)
                : model.GeneratedData is { } generated ? SyntheticColdStartGenerator.Generate(generated)
                : throw new ArgumentException("the model was trained on a MovieLens folder: pass --data DIR with the users and items to predict for");
            requests = ReadRequests(usersFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or MalformedDataException or ArgumentException)
        {
            throw StudyCommandException.Usage(e.Message);
        }
        try
        {
            model.CheckFits(data);
        }
        catch (ArgumentException e)
        {
            throw StudyCommandException.Usage(e);
        }
        var byUser = data.Ratings.ToLookup(r => r.UserId);
        output.WriteLine("user,item,rating");
        foreach (var (user, items) in requests)
        {
            if (!data.Users.TryGetValue(user, out var codes))
                throw StudyCommandException.Usage($"invalid user {user} in '{usersFile}': the data in '{data.Name}' has no such user");
            if (items.FirstOrDefault(i => !data.Items.ContainsKey(i)) is var unknown and not 0)
                throw StudyCommandException.Usage($"invalid item {unknown} for user {user} in '{usersFile}': use an item index from 1 to {data.Schema.ItemCount}");
            // The user adapts on their other ratings: a rating of an item asked about would give its answer away.
            var asked = items.ToHashSet();
            var support = byUser[user].Where(r => !asked.Contains(r.Item)).ToList();
            IReadOnlyList<double> ratings;
            try
            {
                ratings = model.Predict(codes, support, items, data.Items, device);
            }
            catch (ArgumentException e)
            {
                throw StudyCommandException.Usage(e);
            }
            for (var k = 0; k < items.Length; k++)
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{user},{items[k]},{ratings[k]:F4}"));
        }
        return 0;
    }

    // Lines of 'USER ITEM [ITEM...]', separated by blanks or commas.
    private static List<(int, int[])> ReadRequests(string path)
    {
        var requests = new List<(int, int[])>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var text = line.Split('#')[0];
            var fields = text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0)
                continue;
            var values = fields.Select(f => int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : -1).ToArray();
            if (fields.Length < 2 || values.Contains(-1))
                throw new ArgumentException($"invalid line {number} of '{path}': '{line.Trim()}'; use 'USER ITEM [ITEM...]' with positive whole numbers");
            requests.Add((values[0], values[1..]));
        }
        return requests.Count > 0 ? requests : throw new ArgumentException($"'{path}' asks for no user: write lines 'USER ITEM [ITEM...]'");
    }
}
