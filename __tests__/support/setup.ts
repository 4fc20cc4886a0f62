import { Testing } from "cdktf";

// cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...). They compare
// snake_case Terraform names: a camelCase key silently never matches.
Testing.setupJest();
