namespace MetaOpt.Recommender;

/// <summary>What serving a trained model costs: its size and its time per user.</summary>
/// <param name="Parameters">Every number it needs to adapt and predict: the network's parameters, and Meta-SGD's learned inner rates.</param>
/// <param name="Timings">Its seconds per user to adapt and to predict.</param>
public sealed record ModelCost(long Parameters, ModelTimings Timings);

/// <summary>Seconds per user to adapt a model on a user's support set and to predict the user's query afterwards.</summary>
/// <param name="AdaptationSeconds">Median seconds to adapt to one new user alone (a user arriving).</param>
/// <param name="InferenceSeconds">Median seconds to predict one adapted user's query alone.</param>
/// <param name="BatchAdaptationSeconds">Seconds per user when the timed users are adapted together (median pass over their number).</param>
/// <param name="BatchInferenceSeconds">Seconds per user when their queries are predicted together.</param>
public sealed record ModelTimings(double AdaptationSeconds, double InferenceSeconds, double BatchAdaptationSeconds, double BatchInferenceSeconds);
