namespace MetaOpt.Launcher.Commands.Run;

/// <summary>The words <c>--isolation</c> takes.</summary>
internal static class IsolationChoice
{
    public const string Thread = "thread";
    public const string Process = "process";

    public static readonly IReadOnlyList<string> Names = [Thread, Process];
}
