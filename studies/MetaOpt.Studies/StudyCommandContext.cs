using System.CommandLine;

namespace MetaOpt.Studies;

/// <summary>What the launcher lends a contributed command (<see cref="IStudyCommand"/>) besides its output and error writers.</summary>
public abstract class StudyCommandContext
{
    /// <summary>
    /// Takes over Ctrl+C and SIGTERM from now on: the first signal cancels the returned token, so the command stops
    /// at its next safe point and throws <see cref="StudyCommandException.Interrupted"/>; a second one ends the
    /// process. A command that only reads never calls it, so a signal stops it at once.
    /// </summary>
    public abstract CancellationToken ListenForInterruption();

    /// <summary>Gives a command the example command lines (each starting with <c>metaopt</c>) its <c>--help</c> ends with.</summary>
    public abstract void AddExamples(Command command, params string[] examples);

    /// <summary>The launcher's <c>--storage</c> option (default: <c>METAOPT_STORAGE</c>, else <c>studies.db</c>), for a command that reads a stored study.</summary>
    public abstract Option<string> CreateStorageOption();

    /// <summary>
    /// Opens for reading the artifact <paramref name="name"/> that the best Complete trial of a stored study kept
    /// (<see cref="Trial.SaveArtifact"/>), found in the study's artifact folder, checked against its recorded hash.
    /// A missing study, trial, artifact or folder ends the command with its one line.
    /// </summary>
    public abstract Stream OpenBestTrialArtifact(string storage, string study, string name);

    /// <summary>
    /// Opens for reading the artifacts <paramref name="names"/> of the best Complete trials of a stored study that
    /// still keep them all (best value first, then lowest number: the keep policy's order), at most
    /// <paramref name="count"/> trials, each file checked against its recorded hash. A missing study or artifact
    /// folder, a study of several objectives (no single order) or a file that cannot be read ends the command with
    /// its one line; a study keeping fewer such trials gives fewer.
    /// </summary>
    public abstract IReadOnlyList<KeptTrialArtifacts> OpenKeptTrialArtifacts(string storage, string study, int count, params IReadOnlyList<string> names);
}

/// <summary>A trial a stored study kept artifacts of (<see cref="StudyCommandContext.OpenKeptTrialArtifacts"/>).</summary>
/// <param name="Trial">The trial as stored.</param>
/// <param name="Files">Its artifacts, open for reading, in the order their names were asked for.</param>
public sealed record KeptTrialArtifacts(FrozenTrial Trial, IReadOnlyList<Stream> Files);
