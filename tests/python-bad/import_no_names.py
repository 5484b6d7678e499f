# error-line: 2
from a import
