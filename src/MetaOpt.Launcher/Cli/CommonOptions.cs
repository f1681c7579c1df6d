using System.CommandLine;
using System.Text.RegularExpressions;

namespace MetaOpt.Launcher.Cli;

/// <summary>Options and arguments several commands share, built fresh for each command.</summary>
internal static partial class CommonOptions
{
    public const string DefaultStorage = "studies.db";

    public static Option<string> Storage() => new("--storage")
    {
        Description = $"The LiteDB file holding the studies, or a shared PostgreSQL database as postgresql://user:password@host:5432/db (default: ${StorageLocation.EnvironmentVariable}, else {DefaultStorage}).",
        DefaultValueFactory = _ => StorageLocation.Default(),
        HelpName = "file|url",
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

    /// <summary><c>--device cpu|cuda|cuda:N</c>, checked for its form (whether CUDA exists is checked when training starts).</summary>
    public static Option<string> Device()
    {
        var option = new Option<string>("--device")
        {
            Description = "Where to train: cpu, cuda or cuda:N.",
            DefaultValueFactory = _ => "cpu",
            HelpName = "cpu|cuda|cuda:N",
        };
        option.Validators.Add(result =>
        {
            var device = result.GetValueOrDefault<string>();
            if (!DevicePattern().IsMatch(device))
                result.AddError($"unknown device '{device}': use cpu, cuda or cuda:N (N = GPU index)");
        });
        return option;
    }

    /// <summary><c>--data DIR</c>: a MovieLens directory that must exist.</summary>
    public static Option<string> DataDirectory()
    {
        var option = new Option<string>("--data")
        {
            Description = "The MovieLens directory (an unpacked ml-100k, ml-1m or ml-latest-small).",
            HelpName = "DIR",
        };
        option.Validators.Add(result =>
        {
            var directory = result.GetValueOrDefault<string>();
            if (!Directory.Exists(directory))
                result.AddError($"data directory '{directory}' does not exist: pass --data with the unpacked MovieLens folder (e.g. ml-100k)");
        });
        return option;
    }

    [GeneratedRegex(@"^(cpu|cuda(:\d+)?)$")]
    private static partial Regex DevicePattern();
}
