// VietText: Vietnamese normalization on ICU with exact offsets back to the original.
