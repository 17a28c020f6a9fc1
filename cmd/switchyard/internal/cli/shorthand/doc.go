// Package shorthand parses the aws CLI's shorthand syntax, the compact
// alternative to JSON for structure, list and map options:
//
//	Source=com.mycompany.myapp,DetailType=myDetailType,Resources=res1,res2
//	Key={A=1,B=[x,y]}
//	Targets=[{Id=1,Arn=arn:aws:sqs:...},{Id=2,Arn=...}]
//
// The parser is syntactic, like the aws CLI's: it yields strings, lists and
// objects (map[string]any) and knows nothing of types. The caller decides
// with the operation's model whether "5" is a number, and wraps a lone value
// in a list where the model wants a list (Resources=res1 is a list of one).
//
// The grammar and its corners follow the aws CLI's documented behaviour
// ("Using shorthand syntax with the AWS CLI") and its parser:
//
//   - key=value pairs are separated by commas; keys are letters, digits and
//     -_.#/: (possibly empty); a key may appear once at the top level, and
//     the last one wins inside {...};
//   - an unquoted value after = may contain '=', '[' and '{' but not ',',
//     ']' or '}' (write \, for a literal comma); trailing whitespace is
//     dropped;
//   - a value followed by ",x" where x is not itself followed by '=' starts
//     a comma-separated list: a=b,c,d=e is {a: [b, c], d: e};
//   - [x,y] is an explicit list and {k=v} an object, both nestable; inside
//     them a bare value ends at ',', ']' or '}';
//   - 'single' and "double" quoted values keep every character; \' or \"
//     escapes the quote and \\ a backslash;
//   - key@=file://path reads the value from a file (the caller's Resolve).
package shorthand
