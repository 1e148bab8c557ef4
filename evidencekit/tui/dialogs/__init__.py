"""Modal dialogs (``ModalScreen[T]`` that dismiss with a value)."""
