using System.Globalization;
using System.Text.Json;

namespace MetaOpt;

/// <summary>
/// The studies of an Optuna storage as MetaOpt studies (<see cref="OptunaJournal.Read"/>, <see cref="OptunaRdb"/>):
/// those MetaOpt can hold in <see cref="Studies"/>, every other by name in <see cref="Refused"/> with what it has that
/// MetaOpt cannot keep, so nothing is dropped without a word.
/// </summary>
/// <remarks>
/// What maps to what: a study's direction, user attributes and its system attributes (a sampler's state, kept as user
/// attributes prefixed <c>optuna:system_attr:</c>); a trial's state, value, parameters with their distributions,
/// intermediate values, user and system attributes, its times (Optuna's local times, read as this machine's, kept in
/// UTC) and its heartbeat; an enqueued trial's <c>fixed_params</c> become MetaOpt's fixed parameters and
/// <c>fail_reason</c> the trial's <see cref="FrozenTrial.FailReason"/>. Attribute values that are lists, objects or
/// <c>None</c> are kept as their JSON text (<see cref="Notes"/> counts them). Refused: studies with more than one
/// objective or none set, trials with constraints, Complete trials without a finite value, parameters MetaOpt
/// has no distribution for (a <c>None</c> choice, integer bounds past 32 bits), and names that are not MetaOpt study
/// names (<see cref="Study.ValidateName"/>: a '/', say).
/// </remarks>
public sealed class OptunaHistory
{
    internal OptunaHistory(IStorage studies, IReadOnlyDictionary<string, string> refused, IReadOnlyDictionary<string, string> notes)
    {
        Studies = studies;
        Refused = refused;
        Notes = notes;
    }

    /// <summary>The studies MetaOpt can hold, in memory, in the order the Optuna storage created them; ready to copy with <see cref="StudyCopy"/>.</summary>
    public IStorage Studies { get; }

    /// <summary>The studies left out, by name: what each has that MetaOpt cannot keep (multi-objective, constraints...).</summary>
    public IReadOnlyDictionary<string, string> Refused { get; }

    /// <summary>By study name, what was kept in another form than Optuna's (attribute values kept as JSON text); absent when nothing was.</summary>
    public IReadOnlyDictionary<string, string> Notes { get; }

    /// <summary>Every study of the Optuna storage, those MetaOpt holds and those it refused, in the order it created them.</summary>
    public IReadOnlyList<string> StudyNames { get; private init; } = [];

    /// <summary>Turns what a reader found into MetaOpt studies, refusing each that MetaOpt cannot hold whole.</summary>
    internal static OptunaHistory From(IEnumerable<OptunaStudyRecord> records)
    {
        var storage = new InMemoryStorage();
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var record in records)
        {
            names.Add(record.Name);
            try
            {
                var converter = new Converter();
                var (directions, trials) = converter.Study(record);
                storage.CreateStudy(record.Name, directions);
                foreach (var (key, value) in record.UserAttrs)
                    storage.SetStudyUserAttr(record.Name, key, converter.Attribute(value));
                foreach (var (key, value) in record.SystemAttrs)
                    storage.SetStudyUserAttr(record.Name, OptunaCodes.StudySystemAttrPrefix + key, converter.Attribute(value));
                foreach (var trial in trials)
                    storage.AddTrialCopy(record.Name, trial);
                if (converter.AsText > 0)
                    notes[record.Name] = converter.AsText == 1
                        ? "1 attribute value that is a list, an object or None is kept as its JSON text"
                        : $"{converter.AsText} attribute values that are lists, objects or None are kept as their JSON text";
            }
            catch (UnsupportedException e)
            {
                refused[record.Name] = e.Message;
            }
        }
        return new OptunaHistory(storage, refused, notes) { StudyNames = names };
    }

    private sealed class UnsupportedException(string message) : Exception(message);

    private sealed class Converter
    {
        public int AsText { get; private set; }

        public (IReadOnlyList<Direction>, List<FrozenTrial>) Study(OptunaStudyRecord record)
        {
            try
            {
                MetaOpt.Study.ValidateName(record.Name);
            }
            catch (ArgumentException e)
            {
                // Optuna takes any name; MetaOpt's become folder names and command-line arguments.
                var rule = e.Message.Split(" (Parameter")[0].Replace("A study name ", "", StringComparison.Ordinal).TrimEnd('.');
                throw new UnsupportedException($"its name is not a MetaOpt study name, which {rule}; rename it in Optuna first");
            }
            if (record.Directions.Count == 0)
                throw new UnsupportedException("its direction is not set (MetaOpt studies minimize or maximize)");
            var directions = record.Directions.Select(d => d switch
            {
                1 => Direction.Minimize,
                2 => Direction.Maximize,
                _ => throw new UnsupportedException(record.Directions.Count == 1
                    ? "its direction is not set (MetaOpt studies minimize or maximize)"
                    : "an objective's direction is not set (MetaOpt objectives minimize or maximize)"),
            }).ToArray();
            return (directions, record.Trials.Select((t, number) => Trial(t, number, directions.Length)).ToList());
        }

        private FrozenTrial Trial(OptunaTrialRecord t, int number, int objectives)
        {
            var state = OptunaCodes.ToMetaOpt(t.State) ?? throw new UnsupportedException($"trial {number} has the unknown state {t.State}");
            if (t.SystemAttrs.ContainsKey(OptunaCodes.Constraints))
                throw new UnsupportedException($"trial {number} has constraints (MetaOpt has no constrained studies)");
            if (t.Values is { Count: > 1 } && t.Values.Count != objectives)
                throw new UnsupportedException($"trial {number} has {t.Values.Count} values for the study's {objectives} objectives");
            if (state == TrialState.Complete && !(t.Values is { } told && told.Count == objectives && told.All(double.IsFinite)))
                throw new UnsupportedException($"trial {number} is complete with the value{(objectives == 1 ? "" : "s")} {Describe(t.Values)} (MetaOpt keeps {(objectives == 1 ? "a finite value" : "one finite value per objective")} for a complete trial)");
            var parameters = new Dictionary<string, object>(StringComparer.Ordinal);
            var distributions = new Dictionary<string, Distribution>(StringComparer.Ordinal);
            foreach (var (name, (internalValue, json)) in t.Params)
            {
                Distribution distribution;
                try
                {
                    distribution = DistributionJson.FromOptuna(json);
                }
                catch (Exception e) when (e is InvalidDataException or ArgumentException or JsonException)
                {
                    throw new UnsupportedException($"parameter '{name}' of trial {number} has a distribution MetaOpt cannot hold ({e.Message}): {json}");
                }
                if (!distribution.Contains(internalValue))
                    throw new UnsupportedException($"parameter '{name}' of trial {number} is {internalValue.ToString(CultureInfo.InvariantCulture)}, outside its distribution {distribution}");
                parameters[name] = distribution.ToExternal(internalValue);
                distributions[name] = distribution;
            }
            var system = new Dictionary<string, object>(StringComparer.Ordinal);
            string? failReason = null;
            DateTime? heartbeat = t.Heartbeat is { } beat ? OptunaCodes.ToUtc(beat) : null;
            foreach (var (key, element) in t.SystemAttrs)
            {
                if (key == OptunaCodes.FixedParams && element.ValueKind == JsonValueKind.Object)
                {
                    foreach (var fixedParam in element.EnumerateObject())
                        system[MetaOpt.Trial.FixedParamPrefix + fixedParam.Name] = Attribute(fixedParam.Value);
                }
                else if (key == OptunaCodes.FailReason && element.ValueKind == JsonValueKind.String && state == TrialState.Failed)
                    failReason = element.GetString();
                else if (key == OptunaCodes.Heartbeat && element.ValueKind == JsonValueKind.String
                         && DateTime.TryParse(element.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var exported))
                    heartbeat = exported;
                else
                    system[key] = Attribute(element);
            }
            return new FrozenTrial
            {
                Id = 0,
                Number = number,
                State = state,
                Values = state is TrialState.Complete or TrialState.Pruned && t.Values is { Count: > 0 } ? t.Values : null,
                Params = parameters,
                Distributions = distributions,
                IntermediateValues = new SortedDictionary<int, double>(t.IntermediateValues),
                UserAttrs = t.UserAttrs.ToDictionary(a => a.Key, a => Attribute(a.Value), StringComparer.Ordinal),
                SystemAttrs = system,
                DatetimeStart = t.DatetimeStart is { } start ? OptunaCodes.ToUtc(start) : null,
                DatetimeComplete = t.DatetimeComplete is { } complete ? OptunaCodes.ToUtc(complete) : null,
                Heartbeat = heartbeat,
                FailReason = failReason,
            };
        }

        /// <summary>A JSON attribute value as MetaOpt keeps one: strings, booleans and numbers as they are, anything else as its JSON text.</summary>
        public object Attribute(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    return element.GetString()!;
                case JsonValueKind.True or JsonValueKind.False:
                    return element.GetBoolean();
                case JsonValueKind.Number:
                    return element.TryGetInt32(out var i) ? i : element.TryGetInt64(out var l) ? (object)l : element.GetDouble();
                default:
                    AsText++;
                    return element.GetRawText();
            }
        }

        private static string Describe(IReadOnlyList<double>? values) => values switch
        {
            null or [] => "None",
            [var v] => v.ToString(CultureInfo.InvariantCulture),
            _ => "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]",
        };
    }
}
