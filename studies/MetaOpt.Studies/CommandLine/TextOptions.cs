using System.CommandLine;
using System.Text.RegularExpressions;

namespace MetaOpt.Studies.CommandLine;

/// <summary>
/// Options whose text is checked as the command line is parsed (a word of a list, a device, a directory), shared by
/// the launcher and the commands of the studies, with the one-line error naming the bad value and what is allowed.
/// </summary>
public static partial class TextOptions
{
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

    /// <summary><c>--data DIR</c>: a directory that must exist.</summary>
    /// <param name="description">The option's help: what the directory holds.</param>
    /// <param name="folder">What an error tells the user to pass instead, such as <c>the unpacked MovieLens folder (e.g. ml-100k)</c>.</param>
    public static Option<string> DataDirectory(
        string description = "The folder of data the study reads (the data column of 'metaopt studies').",
        string folder = "the folder of data the study reads")
    {
        var option = new Option<string>("--data")
        {
            Description = description,
            HelpName = "DIR",
        };
        option.Validators.Add(result =>
        {
            var directory = result.GetValueOrDefault<string>();
            var problem = string.IsNullOrWhiteSpace(directory) ? "is empty"
                : File.Exists(directory) ? "is a file, not a directory"
                : !Directory.Exists(directory) ? "does not exist"
                : null;
            if (problem is not null)
                result.AddError($"data directory '{directory}' {problem}: pass --data with {folder}");
        });
        return option;
    }

    [GeneratedRegex(@"^(cpu|cuda(:\d+)?)$")]
    private static partial Regex DevicePattern();
}
