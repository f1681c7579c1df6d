using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MetaOpt;

/// <summary>
/// Optuna's <c>JournalStorage</c> file (<c>JournalFileStorage</c>, Optuna 3.1 and later): an append-only log of JSON
/// lines, one operation each, that rebuilds the studies when replayed. Read into MetaOpt studies, or written from
/// them so Python Optuna and optuna-dashboard open a MetaOpt study.
/// </summary>
public static class OptunaJournal
{
    /// <summary>
    /// Replays the journal as Optuna does (a study created twice keeps the first, writes to a finished trial are
    /// ignored, a last line cut short by a crash is skipped) and returns its studies as MetaOpt holds them.
    /// </summary>
    /// <param name="path">The journal file.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="InvalidDataException">A line before the last is not JSON, or not an Optuna operation; the message names the line.</exception>
    public static OptunaHistory Read(string path) => OptunaHistory.From(Replay.Of(path).Studies);

    /// <summary>
    /// Appends the studies, each with its user attributes and every trial (one operation per trial, as Optuna's
    /// <c>add_trial</c> writes it), to the journal, creating the file when absent. Times go in as Optuna writes them, in
    /// local time to the microsecond; a trial's heartbeat, which a journal has no place for, as the system attribute
    /// <c>metaopt:heartbeat</c>, and its fixed parameters as Optuna's <c>fixed_params</c>.
    /// </summary>
    /// <param name="path">The journal file.</param>
    /// <param name="from">Where the studies are.</param>
    /// <param name="studyNames">The studies to write.</param>
    /// <param name="lockWait">How long to wait for Optuna's lock on the file (<c>FILE.lock</c>), which a Python
    /// writer holds for each append; a minute when null.</param>
    /// <exception cref="KeyNotFoundException">A study is not in <paramref name="from"/>; nothing is written.</exception>
    /// <exception cref="InvalidOperationException">The journal already has a study of that name; nothing is written.</exception>
    /// <exception cref="InvalidDataException">The existing journal cannot be read; nothing is written.</exception>
    /// <exception cref="IOException">The lock stayed held for <paramref name="lockWait"/>, or the file cannot be written; nothing is written.</exception>
    public static void Write(string path, IStorage from, IReadOnlyList<string> studyNames, TimeSpan? lockWait = null)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(studyNames);
        var studies = studyNames.Select(name => from.FindStudy(name) ?? throw new KeyNotFoundException($"No study named '{name}' to write.")).ToList();
        var created = !File.Exists(path);
        try
        {
            // Created first, as Optuna's writer does, so the lock's link points at a file.
            using var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
            using var held = JournalLock.Take(path, lockWait ?? TimeSpan.FromMinutes(1));
            var existing = Replay.Of(path);
            if (studyNames.FirstOrDefault(existing.Studies.Select(s => s.Name).Contains) is { } taken)
                throw new InvalidOperationException($"The Optuna journal '{path}' already has a study '{taken}'.");
            // One append of whole lines under the lock, flushed to the disk, as Optuna's own writer does: a reader
            // never sees half a study, and a Python writer's lines never fall between ours.
            stream.Write(Encoding.UTF8.GetBytes(Lines(from, studies, existing.NextStudyId)));
            stream.Flush(flushToDisk: true);
        }
        catch when (created)
        {
            // A refused write leaves no empty journal behind.
            File.Delete(path);
            throw;
        }
    }

    private static string Lines(IStorage from, List<StudyInfo> studies, int firstStudyId)
    {
        var worker = $"metaopt-{Guid.NewGuid()}-0";
        var lines = new StringBuilder();
        var studyId = firstStudyId;
        foreach (var info in studies)
        {
            Line(lines, 0, worker, w =>
            {
                w.WriteString("study_name", info.Name);
                w.WriteStartArray("directions");
                foreach (var direction in info.Directions)
                    w.WriteNumberValue(direction == Direction.Maximize ? 2 : 1);
                w.WriteEndArray();
            });
            foreach (var (key, value) in info.UserAttrs)
            {
                var system = key.StartsWith(OptunaCodes.StudySystemAttrPrefix, StringComparison.Ordinal);
                Line(lines, system ? 3 : 2, worker, w =>
                {
                    w.WriteNumber("study_id", studyId);
                    w.WriteStartObject(system ? "system_attr" : "user_attr");
                    w.WritePropertyName(system ? key[OptunaCodes.StudySystemAttrPrefix.Length..] : key);
                    ValueJson.WritePython(w, key, value);
                    w.WriteEndObject();
                });
            }
            foreach (var trial in from.GetAllTrials(info.Name))
                Line(lines, 4, worker, w => WriteTrial(w, studyId, trial));
            studyId++;
        }
        return lines.ToString();
    }

    /// <summary>
    /// Optuna's <c>JournalFileSymlinkLock</c>: a symbolic link <c>FILE.lock</c> to the journal, created to take the
    /// lock (which fails while it exists) and renamed away to free it.
    /// </summary>
    private sealed class JournalLock(string lockPath) : IDisposable
    {
        public static JournalLock Take(string path, TimeSpan wait)
        {
            var lockPath = path + ".lock";
            var deadline = DateTime.UtcNow + wait;
            var pause = TimeSpan.FromMilliseconds(1);
            while (true)
            {
                try
                {
                    File.CreateSymbolicLink(lockPath, Path.GetFullPath(path));
                    return new JournalLock(lockPath);
                }
                catch (IOException) when (new FileInfo(lockPath).LinkTarget is not null || File.Exists(lockPath))
                {
                    if (DateTime.UtcNow >= deadline)
                        throw new IOException(
                            $"The Optuna journal's lock '{lockPath}' stayed held for {wait.TotalSeconds:0.###} s: an Optuna process is writing the journal, or one that died left the lock; delete it if none runs.");
                    Thread.Sleep(pause);
                    pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, TimeSpan.TicksPerSecond));
                }
            }
        }

        public void Dispose()
        {
            var moved = $"{lockPath}{Guid.NewGuid()}.rename";
            File.Move(lockPath, moved);
            File.Delete(moved);
        }
    }

    private static void Line(StringBuilder lines, int op, string worker, Action<Utf8JsonWriter> body) =>
        lines.Append(ValueJson.Text(w =>
        {
            w.WriteStartObject();
            w.WriteNumber("op_code", op);
            w.WriteString("worker_id", worker);
            body(w);
            w.WriteEndObject();
        })).Append('\n');

    private static void WriteTrial(Utf8JsonWriter w, int studyId, FrozenTrial trial)
    {
        w.WriteNumber("study_id", studyId);
        if (trial.DatetimeStart is { } start)
            w.WriteString("datetime_start", OptunaCodes.ToOptunaText(start));
        else
            w.WriteNull("datetime_start");
        // Optuna reads datetime_complete whenever the key is there, so a trial without one leaves it out.
        if (trial.DatetimeComplete is { } complete)
            w.WriteString("datetime_complete", OptunaCodes.ToOptunaText(complete));
        w.WriteNumber("state", OptunaCodes.FromMetaOpt(trial.State));
        // As Optuna writes a trial: a multi-objective one's values under "values", a single value under "value".
        if (trial.Values is { Count: > 1 } values)
        {
            w.WriteNull("value");
            w.WriteStartArray("values");
            foreach (var value in values)
                ValueJson.WritePythonFloat(w, value);
            w.WriteEndArray();
        }
        else
        {
            w.WritePropertyName("value");
            ValueJson.WritePythonFloat(w, trial.Value);
            w.WriteNull("values");
        }
        w.WriteStartObject("distributions");
        foreach (var (name, distribution) in trial.Distributions)
            w.WriteString(name, DistributionJson.ToOptuna(distribution));
        w.WriteEndObject();
        w.WriteStartObject("params");
        foreach (var name in trial.Params.Keys)
        {
            w.WritePropertyName(name);
            ValueJson.WritePythonFloat(w, trial.InternalParam(name));
        }
        w.WriteEndObject();
        Attributes(w, "user_attrs", trial.UserAttrs);
        var system = trial.SystemAttrs.Where(a => !a.Key.StartsWith(MetaOpt.Trial.FixedParamPrefix, StringComparison.Ordinal)).ToList();
        if (trial.FailReason is { } reason)
            system.Add(new(OptunaCodes.FailReason, reason));
        if (trial.Heartbeat is { } beat)
            system.Add(new(OptunaCodes.Heartbeat, DateTime.SpecifyKind(beat, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture)));
        Attributes(w, "system_attrs", system, trial.FixedParams);
        w.WriteStartObject("intermediate_values");
        foreach (var (step, intermediate) in trial.IntermediateValues)
        {
            w.WritePropertyName(step.ToString(CultureInfo.InvariantCulture));
            ValueJson.WritePythonFloat(w, intermediate);
        }
        w.WriteEndObject();
    }

    private static void Attributes(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, object>> attributes,
        IReadOnlyDictionary<string, object>? fixedParams = null)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in attributes)
        {
            w.WritePropertyName(key);
            ValueJson.WritePython(w, key, value);
        }
        if (fixedParams is { Count: > 0 })
        {
            w.WriteStartObject(OptunaCodes.FixedParams);
            foreach (var (key, value) in fixedParams)
            {
                w.WritePropertyName(key);
                ValueJson.WritePython(w, key, value);
            }
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    /// <summary>The journal replayed: its live studies in creation order, and the id Optuna gives the next study.</summary>
    private sealed class Replay
    {
        private readonly Dictionary<int, OptunaStudyRecord> _studies = [];
        private readonly List<(int Study, OptunaTrialRecord Trial)> _trials = [];

        public int NextStudyId { get; private set; }

        public IEnumerable<OptunaStudyRecord> Studies => _studies.OrderBy(s => s.Key).Select(s => s.Value);

        public static Replay Of(string path)
        {
            var replay = new Replay();
            var lines = File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].Length == 0)
                    continue;
                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(PythonJson.Standard(lines[i]));
                }
                catch (JsonException) when (lines.Skip(i + 1).All(l => l.Length == 0))
                {
                    break; // A crash mid-append: Optuna's reader skips the cut line too.
                }
                catch (JsonException e)
                {
                    throw new InvalidDataException($"line {i + 1} of the Optuna journal '{path}' is not JSON: {e.Message}", e);
                }
                using (document)
                {
                    try
                    {
                        replay.Apply(document.RootElement);
                    }
                    catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or InvalidDataException)
                    {
                        throw new InvalidDataException($"line {i + 1} of the Optuna journal '{path}' is not an Optuna operation: {e.Message}", e);
                    }
                }
            }
            return replay;
        }

        private void Apply(JsonElement log)
        {
            var op = log.GetProperty("op_code").GetInt32();
            switch (op)
            {
                case 0:
                    var name = log.GetProperty("study_name").GetString()!;
                    if (_studies.Values.Any(s => s.Name == name))
                        return;
                    var study = new OptunaStudyRecord(name);
                    study.Directions.AddRange(log.GetProperty("directions").EnumerateArray().Select(d => d.GetInt32()));
                    _studies[NextStudyId++] = study;
                    return;
                case 1:
                    _studies.Remove(log.GetProperty("study_id").GetInt32());
                    return;
                case 2 or 3:
                    if (_studies.TryGetValue(log.GetProperty("study_id").GetInt32(), out var target))
                        Merge(op == 2 ? target.UserAttrs : target.SystemAttrs, log.GetProperty(op == 2 ? "user_attr" : "system_attr"));
                    return;
                case 4:
                    var studyId = log.GetProperty("study_id").GetInt32();
                    if (!_studies.TryGetValue(studyId, out var owner))
                        return;
                    var trial = CreatedTrial(log);
                    _trials.Add((studyId, trial));
                    owner.Trials.Add(trial);
                    return;
                case >= 5 and <= 9:
                    var id = log.GetProperty("trial_id").GetInt32();
                    if (id < 0 || id >= _trials.Count || _trials[id].Trial.State is OptunaCodes.Complete or OptunaCodes.Pruned or OptunaCodes.Fail)
                        return;
                    Update(_trials[id].Trial, op, log);
                    return;
                default:
                    throw new InvalidDataException($"unknown op_code {op}");
            }
        }

        private static OptunaTrialRecord CreatedTrial(JsonElement log)
        {
            var trial = new OptunaTrialRecord
            {
                State = log.TryGetProperty("state", out var state) ? state.GetInt32() : OptunaCodes.Running,
                DatetimeStart = Time(log, "datetime_start"),
                DatetimeComplete = Time(log, "datetime_complete"),
                Values = Values(log),
            };
            if (log.TryGetProperty("params", out var parameters))
            {
                var distributions = log.GetProperty("distributions");
                foreach (var p in parameters.EnumerateObject())
                    trial.Params[p.Name] = (ValueJson.ReadDouble(p.Value), distributions.GetProperty(p.Name).GetString()!);
            }
            if (log.TryGetProperty("intermediate_values", out var intermediate))
                foreach (var step in intermediate.EnumerateObject())
                    trial.IntermediateValues[int.Parse(step.Name, CultureInfo.InvariantCulture)] = ValueJson.ReadDouble(step.Value);
            if (log.TryGetProperty("user_attrs", out var user))
                Merge(trial.UserAttrs, user);
            if (log.TryGetProperty("system_attrs", out var system))
                Merge(trial.SystemAttrs, system);
            return trial;
        }

        private static void Update(OptunaTrialRecord trial, int op, JsonElement log)
        {
            switch (op)
            {
                case 5:
                    trial.Params[log.GetProperty("param_name").GetString()!] =
                        (ValueJson.ReadDouble(log.GetProperty("param_value_internal")), log.GetProperty("distribution").GetString()!);
                    break;
                case 6:
                    var state = log.GetProperty("state").GetInt32();
                    if (state == OptunaCodes.Running && trial.State == OptunaCodes.Running)
                        return;
                    if (state == OptunaCodes.Running)
                        trial.DatetimeStart = Time(log, "datetime_start");
                    if (state is OptunaCodes.Complete or OptunaCodes.Pruned or OptunaCodes.Fail)
                        trial.DatetimeComplete = Time(log, "datetime_complete");
                    trial.State = state;
                    if (Values(log) is { } values)
                        trial.Values = values;
                    break;
                case 7:
                    trial.IntermediateValues[log.GetProperty("step").GetInt32()] = ValueJson.ReadDouble(log.GetProperty("intermediate_value"));
                    break;
                case 8:
                    Merge(trial.UserAttrs, log.GetProperty("user_attr"));
                    break;
                default:
                    Merge(trial.SystemAttrs, log.GetProperty("system_attr"));
                    break;
            }
        }

        private static List<double>? Values(JsonElement log) =>
            log.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array
                ? values.EnumerateArray().Select(ValueJson.ReadDouble).ToList()
                : log.TryGetProperty("value", out var value) && value.ValueKind != JsonValueKind.Null ? [ValueJson.ReadDouble(value)] : null;

        private static DateTime? Time(JsonElement log, string key) =>
            log.TryGetProperty(key, out var time) && time.ValueKind == JsonValueKind.String ? OptunaCodes.ParseLocal(time.GetString()!) : null;

        private static void Merge(Dictionary<string, JsonElement> into, JsonElement attributes)
        {
            foreach (var attribute in attributes.EnumerateObject())
                into[attribute.Name] = attribute.Value.Clone();
        }
    }
}
