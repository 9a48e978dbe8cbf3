// Placeholder until the language lands (this session).
import MKCore
public enum MKLangPlaceholder {}
