/// The six Vietnamese tones, in the order of the Unicode tone marks' traditional listing.
///
/// The raw value is stable and small, so a tone fits in a byte of a packed syllable key.
public enum VietTone: UInt8, Sendable, CaseIterable {
    /// Thanh ngang: no mark ("a").
    case level = 0
    /// Thanh huyền: grave accent ("à").
    case falling
    /// Thanh sắc: acute accent ("á").
    case rising
    /// Thanh hỏi: hook above ("ả").
    case dipping
    /// Thanh ngã: tilde ("ã").
    case tumbling
    /// Thanh nặng: dot below ("ạ").
    case heavy

    /// Whether a syllable closed by a stop consonant (c, ch, p, t) may carry this tone.
    ///
    /// Standard Vietnamese allows only the rising and the heavy tone on such syllables.
    public var isAllowedBeforeStopCoda: Bool { self == .rising || self == .heavy }
}
