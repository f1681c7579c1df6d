using System.CommandLine;

namespace MetaOpt.Studies;

/// <summary>
/// A command a study assembly adds to the launcher, such as the recommender studies' <c>metaopt train</c>: found by
/// reflection like the studies (<see cref="StudyCatalog.Contributions"/>), so the launcher names no study package.
/// </summary>
/// <remarks>
/// The command writes to <see cref="ParseResult.InvocationConfiguration"/>'s <c>Output</c> and <c>Error</c>, and ends
/// in failure by throwing <see cref="StudyCommandException"/>, which the launcher prints as its one line with its
/// exit code; any other exception is reported as an internal error. Its name must differ from the launcher's
/// commands and from every other installed command.
/// </remarks>
public interface IStudyCommand
{
    /// <summary>Builds the command, once per command line the launcher parses.</summary>
    Command Create(StudyCommandContext context);
}
