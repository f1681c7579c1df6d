using System.CommandLine;
using System.Globalization;
using MetaOpt.Launcher.Cli;

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

    /// <summary><c>--value V</c>: any number, as a script prints it.</summary>
    public static Option<double?> Value(string description, bool required) => new("--value")
    {
        Description = description,
        HelpName = "V",
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                return value;
            result.AddError(NumberOptions.Invalid(result, text, "use a number such as 0.25 or 1e-3"));
            return null;
        },
    };
}
