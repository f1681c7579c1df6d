namespace MetaOpt.Studies;

/// <summary>
/// A study definition ready to run: its settings checked and its data loaded, before any study is stored, so that a
/// bad device or unreadable data leaves nothing behind.
/// </summary>
/// <param name="Objective">Evaluates one trial.</param>
/// <param name="StoreStudyAttributes">Stores what reports compare the trials with (baselines, a known optimum) in
/// the study, once it exists; does nothing when they are already stored. Honours the cancellation token.</param>
public sealed record PreparedStudy(Func<Trial, double> Objective, Action<Study, CancellationToken> StoreStudyAttributes);
