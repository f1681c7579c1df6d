using System.CommandLine;

namespace MetaOpt.Launcher.Cli;

/// <summary>Options and arguments several commands share, built fresh for each command.</summary>
internal static class CommonOptions
{
    public const string DefaultStorage = "studies.db";

    public static Option<string> Storage() => new("--storage")
    {
        Description = "The LiteDB file holding the studies.",
        DefaultValueFactory = _ => DefaultStorage,
        HelpName = "file",
    };

    public static Argument<string> StoredStudy() => new("study")
    {
        Description = "The name of a study in the storage (see 'metaopt list').",
    };

    /// <summary>An option taking one of a few words, with a one-line error naming the bad value and the allowed ones.</summary>
    public static Option<string> Choice(string name, string description, IReadOnlyList<string> allowed, string? defaultValue = null)
    {
        var option = new Option<string>(name)
        {
            Description = $"{description} ({string.Join('|', allowed)})",
            HelpName = string.Join('|', allowed),
        };
        if (defaultValue is not null)
            option.DefaultValueFactory = _ => defaultValue;
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
                result.AddError($"unknown {name.TrimStart('-')} '{value}': use one of {string.Join(", ", allowed)}");
        });
        return option;
    }

    /// <summary>Adds a check that an integer option is at least <paramref name="minimum"/>.</summary>
    public static Option<T> AtLeast<T>(this Option<T> option, int minimum)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>();
            if (value is not null && Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) < minimum)
                result.AddError($"{option.Name} must be at least {minimum}, not {value}");
        });
        return option;
    }
}
