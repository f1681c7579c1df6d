using System.CommandLine;
using MetaOpt.Studies;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Cli;

/// <summary>Options and arguments several commands share, built fresh for each command.</summary>
internal static class CommonOptions
{
    public const string DefaultStorage = "studies.db";

    /// <summary>The most epochs a run may train, as the recommender's configuration allows.</summary>
    public const int MaxEpochs = 100_000;

    public static Option<string> Storage()
    {
        var option = new Option<string>("--storage")
        {
            Description = $"The LiteDB file holding the studies, or a shared PostgreSQL database as postgresql://user:password@host:5432/db (default: ${StorageLocation.EnvironmentVariable}, else {DefaultStorage}).",
            DefaultValueFactory = _ => StorageLocation.Default(),
            HelpName = "file|url",
        };
        // Checked as the command line is parsed (as StorageFile.Open would, with the same words), before any work.
        option.Validators.Add(result =>
        {
            if (string.IsNullOrWhiteSpace(result.GetValueOrDefault<string>()))
                result.AddError($"--storage must name a file, not '{result.GetValueOrDefault<string>()}'");
        });
        return option;
    }

    /// <summary><c>--studies PATH</c>: the user's study project (.csproj, built when needed) or assembly (.dll).</summary>
    /// <summary>
    /// <c>--subset</c>: a part of the data for studies that read one (<see cref="StudyInputs.DataSubset"/>); the study
    /// checks it when it loads the data, and a bad value is a usage error naming the forms allowed.
    /// </summary>
    public static Option<string> DataSubset() => new("--subset")
    {
        Description = "Use a part of the data, for studies that read one; the recommender's: comma-separated clauses age:<N or age:>=N "
            + "(N in 18, 25, 35, 45, 50, 56), gender:M|F, occupation:NAME or occupation:!NAME, time:<F or time:>=F (fraction of the time span).",
        HelpName = "CLAUSES",
    };

    public static Option<string> Studies() => new("--studies")
    {
        Description = "Your own studies: a .csproj (built when needed) or a built .dll. Default: $METAOPT_STUDIES, else \"studies\" in a metaopt.json beside the storage or in the current folder.",
        HelpName = "PROJECT",
    };

    /// <summary>An optional duration option (<see cref="DurationParser"/>), with the one-line error of a bad value.</summary>
    public static Option<TimeSpan?> Duration(string name, string description) =>
        Parsed<TimeSpan>(name, $"{description} ({DurationParser.Examples})", "duration", DurationParser.TryParse, DurationParser.Allowed);

    /// <summary>An optional option whose text a parser reads (null for a bad value), with the one-line error naming what is allowed.</summary>
    public static Option<T?> Parsed<T>(string name, string description, string helpName, Func<string, T?> tryParse, string allowed)
        where T : struct => new(name)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            var value = tryParse(text);
            if (value is null)
                result.AddError(NumberOptions.Invalid(result, text, allowed));
            return value;
        },
    };

    public static Argument<string> StoredStudy()
    {
        var argument = new Argument<string>("study")
        {
            Description = "The name of a study in the storage (see 'metaopt list').",
        };
        argument.Validators.Add(result =>
        {
            if (StudyNameProblem("study name", result.GetValueOrDefault<string>()) is { } problem)
                result.AddError(problem);
        });
        return argument;
    }

    /// <summary>
    /// Why a study name given on the command line cannot be one (<see cref="Study.ValidateName"/>'s rule), or null:
    /// checked before any storage is opened, so a 5,000-character or multi-line name is one clear line.
    /// </summary>
    /// <param name="what">How the message names where the value came from: "--name", "study name"...</param>
    /// <param name="name">The value as given.</param>
    public static string? StudyNameProblem(string what, string? name)
    {
        try
        {
            Study.ValidateName(name ?? "");
            return null;
        }
        catch (ArgumentException e)
        {
            return $"invalid {what}: {Format.Reason(e)}";
        }
    }

    /// <summary>
    /// An option naming a sampler or a pruner of the registry: its value is the registry's name, an alias given is
    /// read as the name it stands for, and an unknown one gets the registry's one line listing the names.
    /// </summary>
    public static Option<string> Named<TKind>(string name, string description, NamedKinds<TKind> kinds) where TKind : struct, Enum => new(name)
    {
        Description = kinds.Aliases.Count == 0
            ? $"{description} ({string.Join('|', kinds.Names)})"
            : $"{description} ({string.Join('|', kinds.Names)}; {kinds.AliasNote})",
        HelpName = string.Join('|', kinds.Names),
        CustomParser = result =>
        {
            var value = result.Tokens.Single().Value;
            if (kinds.TryParse(value, out var kind))
                return kinds.NameOf(kind);
            result.AddError(kinds.Unknown(value));
            return null;
        },
    };
}
