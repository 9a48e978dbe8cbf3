// Placeholder until the notebook runner lands (this session).
import MKLang
public enum MKNotebookPlaceholder {}
