namespace DocStream.Dashboard.Charts;

/// <summary>
/// The ticks of a value axis: a step of 1, 2 or 5 times a power of ten, and an axis that starts and ends on a tick
/// so every value fits and every label is a round number (£20k, £40k, … rather than £9,586, £41.4k).
/// </summary>
public static class RoundTicks
{
    private static readonly double[] Mantissas = [1, 2, 5, 10];

    /// <summary>
    /// Ticks covering <paramref name="min"/> to <paramref name="max"/> (0 always included when the range spans it, as the
    /// grid runs from 0 for non-negative data), at most <paramref name="maxTicks"/> of them, the step never below
    /// <paramref name="minimumStep"/> (1 for counts, which have no fractions to show).
    /// </summary>
    public static IReadOnlyList<double> For(double min, double max, int maxTicks = 6, double minimumStep = 0)
    {
        // Three at least: a range either side of 0 needs a tick below, 0 and one above.
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTicks, 3);
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentException("The range must be finite.");
        }
        if (min > max)
        {
            (min, max) = (max, min);
        }
        if (min == max)
        {
            // One value: an axis of one step around it (or 0 to 1 for zero).
            var unit = min == 0 ? 1 : Step(Math.Abs(min), 1);
            (min, max) = min > 0 ? (0d, min) : min < 0 ? (min, 0d) : (0d, unit);
        }

        // The smallest round step that needs no more than maxTicks ticks once both ends are rounded outwards.
        var step = Math.Max(Step(max - min, maxTicks - 1), minimumStep);
        while (Count(min, max, step) > maxTicks)
        {
            step = Step(step * 1.0001, 1);
        }
        var first = Math.Floor(min / step);
        var last = Math.Ceiling(max / step);
        var ticks = new List<double>();
        for (var k = first; k <= last; k++)
        {
            // k * step rather than repeated addition, so 0.1 steps do not drift to 0.30000000000000004.
            ticks.Add(Clean(k * step));
        }
        return ticks;
    }

    /// <summary>The step between ticks (the difference of the first two).</summary>
    public static double StepOf(IReadOnlyList<double> ticks) => ticks.Count < 2 ? 0 : Clean(ticks[1] - ticks[0]);

    /// <summary>Whether <paramref name="step"/> is 1, 2 or 5 times a power of ten.</summary>
    public static bool IsRoundStep(double step)
    {
        if (!(step > 0) || !double.IsFinite(step))
        {
            return false;
        }
        var power = Math.Pow(10, Math.Floor(Math.Log10(step)));
        var mantissa = step / power;
        return Mantissas.Any(m => Math.Abs(mantissa - m) < 1e-9);
    }

    /// <summary>The smallest 1-2-5 step that divides <paramref name="range"/> into at most <paramref name="intervals"/> intervals.</summary>
    private static double Step(double range, int intervals)
    {
        var raw = range / intervals;
        var power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        foreach (var m in Mantissas)
        {
            if (m * power >= raw * (1 - 1e-12))
            {
                return Clean(m * power);
            }
        }
        return Clean(10 * power);
    }

    private static int Count(double min, double max, double step) =>
        (int)(Math.Ceiling(max / step) - Math.Floor(min / step)) + 1;

    // Rounds away binary noise (3 * 0.1) to 12 significant digits, far below any label's precision.
    private static double Clean(double value) =>
        value == 0 ? 0 : Math.Round(value, Math.Clamp(12 - (int)Math.Ceiling(Math.Log10(Math.Abs(value))), 0, 15));
}
