"""Reading submissions: file formats, encodings, headers and layouts."""
