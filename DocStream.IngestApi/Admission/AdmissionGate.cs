namespace DocStream.IngestApi.Admission;

/// <summary>The current admission decision, written by the lag monitor and read by every request.</summary>
public sealed class AdmissionGate
{
    private volatile AdmissionState _state = AdmissionState.Unknown;

    public AdmissionState State => _state;

    public void Update(AdmissionState state) => _state = state;
}
