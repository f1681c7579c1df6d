using MetaOpt.Studies;

namespace MetaOpt.Launcher.Commands.Run;

/// <summary>The pruners the launcher can build, by their command-line names.</summary>
internal static class PrunerChoice
{
    public static IReadOnlyList<string> Names { get; } = Enum.GetValues<PrunerKind>().Select(Name).ToArray();

    public static string Name(PrunerKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>Builds the named pruner for trials of <paramref name="epochs"/> epochs.</summary>
    public static IPruner Create(string name, int epochs) =>
        Enum.Parse<PrunerKind>(name, ignoreCase: true) switch
        {
            PrunerKind.None => new NopPruner(),
            var kind => throw Cli.LauncherException.Failure($"the {Name(kind)} pruner is not part of this build yet: use --pruner none"),
        };
}
