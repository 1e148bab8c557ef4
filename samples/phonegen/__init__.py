"""A generator of phone screenshots of SMS threads in many styles, with ground truth."""
