using System.CommandLine;
using MetaOpt.Launcher.Cli;

namespace MetaOpt.Launcher.Commands.StoredStudy;

/// <summary>
/// <c>metaopt study copy|rename &lt;study&gt; &lt;new-name&gt;</c>: the study and all its trials under a new name, in one
/// commit; a rename deletes the original in that same commit, so a failure leaves the original as it was.
/// </summary>
internal sealed class StudyCopyCommand : Command
{
    private readonly Argument<string> _study = CommonOptions.StoredStudy();
    private readonly Argument<string> _newName = new("new-name") { Description = "The name to store it under; not taken in the storage." };
    private readonly Option<string> _storage = CommonOptions.Storage();

    public StudyCopyCommand(bool rename)
        : base(rename ? "rename" : "copy", rename
            ? "Rename a stored study (its trials move with it)."
            : "Copy a stored study and all its trials under a new name (to try another sampler from the same start, say).")
    {
        this.WithExamples(rename ? "metaopt study rename functions-branin branin-tpe" : "metaopt study copy functions-branin branin-old");
        Arguments.Add(_study);
        Arguments.Add(_newName);
        Options.Add(_storage);
        _newName.Validators.Add(result =>
        {
            if (CommonOptions.StudyNameProblem("new name", result.GetValueOrDefault<string>()) is { } problem)
                result.AddError(problem);
        });
        SetAction(parse =>
        {
            var path = parse.GetRequiredValue(_storage);
            var name = parse.GetRequiredValue(_study);
            var newName = parse.GetRequiredValue(_newName);
            using var storage = StorageFile.OpenExistingForWriting(path);
            StorageFile.RequireStudy(storage, name, path);
            var shown = StorageLocation.Describe(path);
            if (storage.FindStudy(newName) is not null)
                throw LauncherException.Usage($"'{shown}' already has a study '{Format.Name(newName)}': choose another new name, or 'metaopt study delete' it first");
            var originals = storage.GetAllTrials(name);
            Copy(storage, name, newName, rename, shown);
            // The copies share the originals' blobs (same records, same store); the keep policy's marks follow them.
            if (ArtifactLocation.Existing(path, storage.FindStudy(newName)) is { } store)
                StudyArtifacts.CarryReleases(store, originals, storage.GetAllTrials(newName), originalsDeleted: rename);
            var trials = storage.GetAllTrials(newName).Count;
            Terminal.For(parse).Output.WriteLine(rename
                ? $"Renamed study '{Format.Name(name)}' to '{Format.Name(newName)}' ({trials} trials) in '{shown}'."
                : $"Copied study '{Format.Name(name)}' to '{Format.Name(newName)}' ({trials} trials) in '{shown}'.");
            return ExitCodes.Ok;
        });
    }

    /// <summary>
    /// A file copies in one commit; a database copies trial by trial, and a rename deletes the original only once
    /// the copy is whole, so a failure there too leaves the original as it was.
    /// </summary>
    private static void Copy(IStorage storage, string name, string newName, bool rename, string shown)
    {
        if (storage is LiteDbStorage file)
        {
            file.CopyStudy(name, newName, deleteSource: rename);
            return;
        }
        // Workers elsewhere would go on writing their trials under the old name, into the deleted original.
        if (rename && storage.GetAllTrials(name).Count(t => t.State == TrialState.Running) is var running and > 0)
            throw LauncherException.Usage(
                $"study '{Format.Name(name)}' in '{shown}' has {running} running trials: a database renames by copying, so their results would be lost; rename it once they have finished");
        StudyCopy.Copy(storage, storage, name, newName);
        if (rename)
            storage.DeleteStudy(name);
    }
}
