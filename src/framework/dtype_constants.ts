// tf.float32, tf.int16, ...: the dtype names as constants, so `tf.placeholder(tf.int16)` reads like TF.

export const float16 = 'float16' as const;
export const half = 'float16' as const;
export const float32 = 'float32' as const;
export const float64 = 'float64' as const;
export const double = 'float64' as const;
export const int8 = 'int8' as const;
export const int16 = 'int16' as const;
export const int32 = 'int32' as const;
export const int64 = 'int64' as const;
export const uint8 = 'uint8' as const;
export const uint16 = 'uint16' as const;
export const bool = 'bool' as const;
export const string = 'string' as const;
export const complex64 = 'complex64' as const;
export const qint8 = 'qint8' as const;
export const quint8 = 'quint8' as const;
export const qint32 = 'qint32' as const;
