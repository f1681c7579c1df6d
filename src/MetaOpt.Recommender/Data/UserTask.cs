namespace MetaOpt.Recommender;

/// <summary>One user as a few-shot task: adapt on the support ratings, predict the query ratings.</summary>
/// <param name="UserId">The dataset's user id.</param>
/// <param name="UserCodes">The user's categorical feature codes (empty without demographics).</param>
/// <param name="Support">The earliest ratings after the query is set aside (at most the support size), in time order.</param>
/// <param name="Query">The user's last ratings in time order (the query size, or fewer for a short history).</param>
public sealed record UserTask(int UserId, IReadOnlyList<int> UserCodes, IReadOnlyList<Rating> Support, IReadOnlyList<Rating> Query);
