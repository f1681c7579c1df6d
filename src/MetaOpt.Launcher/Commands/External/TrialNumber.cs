using System.CommandLine;
using System.Globalization;
using MetaOpt.Launcher.Cli;
using MetaOpt.Studies.CommandLine;

namespace MetaOpt.Launcher.Commands.External;

/// <summary>The <c>trial</c> argument of <c>tell</c> and <c>report-value</c>: the number <c>ask</c> printed.</summary>
internal static class TrialNumber
{
    public static Argument<int> Argument() => new("trial")
    {
        Description = "The trial number that 'metaopt ask' printed.",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                return number;
            result.AddError($"invalid trial number '{text}': use the number 'metaopt ask' printed (0, 1, 2...)");
            return 0;
        },
    };

    /// <summary>
    /// <c>--value V</c>: any number as a script prints it, the non-finite ones in every usual spelling (nan, inf, -inf,
    /// Infinity, 1e999). One rule for tell and report-value: the study decides, as for an objective in 'run': a told
    /// trial whose value is not finite fails (Optuna fails a NaN), a reported one is stored.
    /// </summary>
    public static Option<double?> Value(string description, bool required) => new("--value")
    {
        Description = description + " nan, inf and -inf are read too: tell fails a trial whose value is not finite.",
        HelpName = "V",
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Number(text) is { } value)
                return value;
            result.AddError(NumberOptions.Invalid(result, text, "use a number such as 0.25 or 1e-3, or nan, inf or -inf (tell fails a trial whose value is not finite)"));
            return null;
        },
    };

    /// <summary>
    /// <c>--value V[,V...]</c> of <c>tell</c>: one number per objective of the study, separated by commas, each read as
    /// <see cref="Value"/> reads one. Whether the count fits the study is checked once the study is open.
    /// </summary>
    public static Option<IReadOnlyList<double>?> Values(string description) => new("--value")
    {
        Description = description + " nan, inf and -inf are read too: tell fails a trial whose value is not finite.",
        HelpName = "V[,V...]",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            var values = text.Split(',', StringSplitOptions.TrimEntries).Select(Number).ToList();
            if (values.All(v => v is not null))
                return values.Select(v => v!.Value).ToList();
            result.AddError(NumberOptions.Invalid(result, text,
                "use a number such as 0.25 or 1e-3, or nan, inf or -inf (tell fails a trial whose value is not finite); in a multi-objective study one per objective, separated by commas"));
            return null;
        },
    };

    // .NET reads "Infinity" and "NaN" (and overflows to infinity) but not C's and Python's "inf".
    private static double? Number(string text) =>
        double.TryParse(text.ToLowerInvariant() switch { "inf" or "+inf" => "Infinity", "-inf" => "-Infinity", _ => text },
            NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
